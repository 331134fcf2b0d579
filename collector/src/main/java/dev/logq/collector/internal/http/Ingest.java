package dev.logq.collector.internal.http;

import dev.logq.collector.internal.message.Parsed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logq.collector.internal.ingest.EventAppender;
import dev.logq.collector.internal.message.JsonEvent;
import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.EventJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/ingest} (JSON lines) and {@code POST /_bulk} (the Elasticsearch bulk shape that
 * Vector, Fluent Bit and Filebeat send): every good line becomes an event, every bad one is reported
 * with its line number, and the good ones of the request are appended as one batch. The answer comes
 * only once they are in the journal; if the journal cannot take them (busy, disk) nothing is
 * acknowledged: 503 with Retry-After, and the sender retries the whole request.
 */
final class Ingest {

    /** How many bad lines an answer lists; the count covers all of them. */
    static final int MAX_LISTED_ERRORS = 100;

    private record Line(int number, Event event, String error, String action, String index) {}

    private Ingest() {}

    static void jsonLines(HttpApi api, ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        Instant received = api.clock().instant();
        List<Line> lines = new ArrayList<>();
        Peer peer = Peer.of("http", ctx.channel().remoteAddress());
        forEachLine(request.content(), (number, bytes, offset, length) -> lines.add(event(api, number, bytes, offset, length, received, peer, null, null)));
        append(api, ctx, keepAlive, lines, false);
    }

    static void bulk(HttpApi api, ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, String pathIndex) {
        Instant received = api.clock().instant();
        List<Line> lines = new ArrayList<>();
        Peer peer = Peer.of("http", ctx.channel().remoteAddress());
        String[] pendingAction = new String[2];  // action and index of the line before, waiting for its source
        forEachLine(request.content(), (number, bytes, offset, length) -> {
            if (pendingAction[0] != null) {
                String action = pendingAction[0];
                pendingAction[0] = null;
                if (action.equals("index") || action.equals("create")) {
                    lines.add(event(api, number, bytes, offset, length, received, peer, action, pendingAction[1]));
                } else {  // update: its document line is skipped with the action
                    lines.add(new Line(number, null, "logq stores events: '" + action + "' is not supported", action, pendingAction[1]));
                }
                return;
            }
            JsonNode meta;
            try {
                meta = JsonEvent.JSON.readTree(bytes, offset, length);
            } catch (Exception e) {
                lines.add(new Line(number, null, "bulk action line is not JSON", "index", pathIndex));
                return;
            }
            String action = meta != null && meta.isObject() && meta.size() == 1 ? meta.fieldNames().next() : "";
            String index = meta != null ? meta.path(action).path("_index").asText(pathIndex) : pathIndex;
            switch (action) {
                case "index", "create", "update" -> {
                    pendingAction[0] = action;
                    pendingAction[1] = index;
                }
                case "delete" -> lines.add(new Line(number, null, "logq stores events: 'delete' is not supported", action, index));
                default -> lines.add(new Line(number, null, "expected a bulk action line ({\"index\":{}} or {\"create\":{}})", "index", index));
            }
        });
        if (pendingAction[0] != null) {
            lines.add(new Line(lines.size() + 1, null, "the last '" + pendingAction[0] + "' action has no document line",
                    pendingAction[0], pendingAction[1]));
        }
        append(api, ctx, keepAlive, lines, true);
    }

    /**
     * {@code POST /api/v1/import}: events as {@code logq -o json} wrote them, with their origin, seq and times,
     * appended as replicated events, so that each (origin, seq) is kept once and an import sent twice stores
     * nothing the second time. Answers {@code {"accepted":N,"stored":S,"held":H,"rejected":R,"errors":[...]}},
     * held being those at or below what the node holds of their origin (send each origin's events in seq
     * order, as logq import does).
     */
    static void imported(HttpApi api, ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        List<Line> lines = new ArrayList<>();
        forEachLine(request.content(), (number, bytes, offset, length) -> {
            try {
                Event e = EventJson.parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
                lines.add(e.origin() == null || e.seq() < 0 || !Event.isNodeName(e.origin())
                        ? new Line(number, null, "an exported event needs its origin and seq, as logq -o json writes them", null, null)
                        : new Line(number, e, null, null, null));
            } catch (RuntimeException e) {
                lines.add(new Line(number, null, "not an event as logq -o json writes it: " + e.getMessage(), null, null));
            }
        });
        List<Event> events = lines.stream().filter(l -> l.event() != null).map(Line::event).toList();
        if (events.isEmpty()) {
            respond(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, answer(lines, false, -1, 0, api));
            return;
        }
        api.imports().append(events).whenComplete((stored, error) -> ctx.executor().execute(() -> {
            if (error == null) {
                int kept = stored instanceof Integer n ? n : 0;
                respond(ctx, keepAlive, HttpResponseStatus.OK, accepted(lines).put("stored", kept).put("held", events.size() - kept).toString());
                return;
            }
            refuse(ctx, keepAlive, error);
        }));
    }

    /** One document line as an event; a message text longer than --max-message-size is cut and counted. */
    private static Line event(HttpApi api, int number, byte[] bytes, int offset, int length, Instant received, Peer peer,
            String action, String index) {
        try {
            Parsed parsed = JsonEvent.parse(bytes, offset, length, received, peer, api.maxMessageBytes());
            if (parsed.truncated()) {
                api.metrics().truncated();
            }
            return new Line(number, parsed.event(), null, action, index);
        } catch (JsonEvent.Invalid e) {
            return new Line(number, null, e.getMessage(), action, index);
        }
    }

    private static void append(HttpApi api, ChannelHandlerContext ctx, boolean keepAlive, List<Line> lines, boolean bulk) {
        List<Event> events = new ArrayList<>();
        for (Line l : lines) {
            if (l.event() != null) {
                events.add(l.event());
            }
        }
        int bad = lines.size() - events.size();
        if (bad > 0) {
            api.metrics().rejected("invalid", bad);
        }
        if (events.isEmpty()) {
            respond(ctx, keepAlive, bulk ? HttpResponseStatus.OK : HttpResponseStatus.BAD_REQUEST, answer(lines, bulk, -1, 0, api));
            return;
        }
        api.metrics().received(events.size());
        long started = System.nanoTime();
        api.intake().appender().append(events).whenComplete((result, error) -> ctx.executor().execute(() -> {
            if (error == null) {
                api.metrics().stored(events.size());
                long lastSeq = result instanceof Long seq ? seq : -1;
                respond(ctx, keepAlive, HttpResponseStatus.OK, answer(lines, bulk, lastSeq, System.nanoTime() - started, api));
                return;
            }
            api.metrics().rejected(EventAppender.refusedAsBusy(error) ? "busy" : "journal", events.size());
            refuse(ctx, keepAlive, error);
        }));
    }

    /** 503 with Retry-After: the journal did not take the request's events, none is acknowledged. */
    private static void refuse(ChannelHandlerContext ctx, boolean keepAlive, Throwable error) {
        boolean busy = EventAppender.refusedAsBusy(error);
        FullHttpResponse response = Responses.errorResponse(keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                (busy ? "not taking events now: " : "not stored: ") + EventAppender.cause(error).getMessage()
                        + "; nothing of this request was acknowledged, send it again");
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        Responses.write(ctx, keepAlive, response);
    }

    /**
     * JSON lines: {@code {"accepted":N,"rejected":M,"errors":[{"line":L,"error":"..."}]}}. Bulk: the
     * Elasticsearch answer, one item per action, with status 201 or 400.
     */
    private static String answer(List<Line> lines, boolean bulk, long lastSeq, long nanos, HttpApi api) {
        ObjectNode out = JsonEvent.JSON.createObjectNode();
        if (bulk) {
            out.put("took", nanos / 1_000_000);
            out.put("errors", lines.stream().anyMatch(l -> l.event() == null));
            ArrayNode items = out.putArray("items");
            long seq = lastSeq - lines.stream().filter(l -> l.event() != null).count();
            String node = api.store().node();
            for (Line l : lines) {
                ObjectNode item = items.addObject().putObject(l.action() == null ? "index" : l.action());
                item.put("_index", l.index() == null ? "logq" : l.index());
                if (l.event() != null) {
                    item.put("_id", node + "-" + (++seq));  // a batch's events get consecutive seqs
                    item.put("status", 201).put("result", "created");
                } else {
                    item.put("status", 400).putObject("error").put("type", "mapper_parsing_exception")
                            .put("reason", "line " + l.number() + ": " + l.error());
                }
            }
            return out.toString();
        }
        return accepted(lines).toString();
    }

    /** {@code {"accepted":N,"rejected":M,"errors":[{"line":L,"error":"..."}]}}, the first errors listed. */
    private static ObjectNode accepted(List<Line> lines) {
        ObjectNode out = JsonEvent.JSON.createObjectNode();
        long accepted = lines.stream().filter(l -> l.event() != null).count();
        out.put("accepted", accepted).put("rejected", lines.size() - accepted);
        ArrayNode errors = out.putArray("errors");
        lines.stream().filter(l -> l.event() == null).limit(MAX_LISTED_ERRORS)
                .forEach(l -> errors.addObject().put("line", l.number()).put("error", l.error()));
        return out;
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
        Responses.json(ctx, keepAlive, status, json);
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(int number, byte[] bytes, int offset, int length);
    }

    /** Calls {@code consumer} for each non-blank line of the body, numbered from 1. */
    private static void forEachLine(ByteBuf body, LineConsumer consumer) {
        byte[] bytes;
        int start;
        if (body.hasArray()) {
            bytes = body.array();
            start = body.arrayOffset() + body.readerIndex();
        } else {
            bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            start = 0;
        }
        int end = start + body.readableBytes();
        int number = 0;
        while (start < end) {
            int lineEnd = start;
            while (lineEnd < end && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            number++;
            if (!blank(bytes, start, lineEnd)) {
                consumer.accept(number, bytes, start, lineEnd - start);
            }
            start = lineEnd + 1;
        }
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
