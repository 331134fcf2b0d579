package dev.logq.collector.internal.http;

import dev.logq.store.model.Event;
import dev.logq.store.model.FollowSink;
import dev.logq.store.model.Query;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code GET /api/v1/tail}: the events matching the search parameters, from the journal as they
 * are appended ({@code Store.follow}), as JSON lines that each end with {@code "pos"}, the event's
 * position in this node's journal.
 *
 * <pre>
 * the search parameters q, mode, i, v, w, x, since, host, app, severity, field, marks (not limit, order, count, format)
 * from=POS       resume after this position (a reconnect: the last "pos" seen)
 * backlog=N      without from: start with the N newest matches (default 0: only new ones, or since)
 * </pre>
 *
 * Runs on a platform thread of its own (one per follower, at most {@link HttpApi#MAX_FOLLOWERS} at once;
 * more are answered 503). While nothing matches it writes a blank line every few seconds, so that an
 * idle connection is not closed as idle and a client that went away is noticed.
 */
final class TailTask implements Runnable, StreamingTask, FollowSink {

    private static final Logger log = LoggerFactory.getLogger(TailTask.class);
    private static final Set<String> NOT_FOR_TAIL = Set.of("limit", "order", "count", "by", "offset", "all_copies", "format", "tz", "until",
            "before", "after");

    private final HttpApi api;
    private final ChannelHandlerContext ctx;
    private final Query query;
    private final long from;
    private final int backlog;
    private final Runnable done;
    private final ResultStream stream;
    private final ResultFormat.JsonLines lines;
    private final long heartbeatNanos;
    private long lastWrite = System.nanoTime();
    private boolean unflushed;

    private TailTask(HttpApi api, ChannelHandlerContext ctx, SearchParams params, long from, int backlog, boolean keepAlive,
            Runnable done) {
        Query query = params.query();
        this.lines = new ResultFormat.JsonLines(params.format().marks());
        this.api = api;
        this.ctx = ctx;
        this.query = query;
        this.from = from;
        this.backlog = backlog;
        this.done = done;
        this.stream = new ResultStream(ctx.channel(), keepAlive, ResultFormat.JSON.contentType(), lines);
        this.heartbeatNanos = api.heartbeat().toNanos();
    }

    /** Starts following, or answers at once if the request is bad or too many follow; null then. */
    static TailTask start(HttpApi api, ChannelHandlerContext ctx, QueryStringDecoder uri, boolean keepAlive, Runnable done) {
        Map<String, List<String>> params = new HashMap<>(uri.parameters());
        SearchParams parsed = null;
        long from = -1;
        int backlog = 0;
        IllegalArgumentException bad = null;
        try {
            for (String name : params.keySet()) {
                if (NOT_FOR_TAIL.contains(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' does not apply to /api/v1/tail");
                }
            }
            from = number(params.remove("from"), "from", -1, Long.MAX_VALUE);
            backlog = (int) number(params.remove("backlog"), "backlog", 0, 100_000);
            parsed = SearchParams.parse(params);
        } catch (IllegalArgumentException e) {
            bad = e;
        }
        if (StreamingTask.refused(api, ctx, keepAlive, bad)) {
            return null;
        }
        if (!api.followers().tryAcquire()) {
            api.metrics().rejected("busy", 1);
            Responses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many followers (" + HttpApi.MAX_FOLLOWERS + " at most); try again");
            return null;
        }
        TailTask task = new TailTask(api, ctx, parsed, from, backlog, keepAlive, done);
        ctx.channel().config().setAutoRead(false);
        Thread.ofPlatform().name("logq-tail").daemon().start(task);
        return task;
    }

    private static long number(List<String> values, String name, long absent, long max) {
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            long n = Long.parseLong(values.getFirst());
            if (values.size() == 1 && n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("parameter '" + name + "' takes one whole number, 0.." + max);
    }

    @Override
    public void writable() {
        stream.writable();
    }

    @Override
    public void run() {
        try {
            api.store().follow(query, from, backlog, this);
            stream.finish();
        } catch (IllegalArgumentException e) {  // a bad pattern, found before anything was sent
            api.metrics().rejected("bad_request", 1);
            stream.fail(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (Exception e) {
            stream.discard();
            if (ctx.channel().isActive()) {
                log.warn("following {} for {} failed: {}", query.pattern(), ctx.channel().remoteAddress(), e.toString());
            }
            ctx.close();  // the client sees a cut stream, and resumes from its last position
        } finally {
            api.followers().release();
            StreamingTask.finished(ctx, done);
        }
    }

    @Override
    public boolean accept(Event event, long position) throws IOException {
        unflushed = true;
        lastWrite = System.nanoTime();
        return stream.write(chunk -> lines.write(event, position, chunk));
    }

    @Override
    public boolean idle() throws IOException {
        if (unflushed) {
            unflushed = false;
            return stream.flush();
        }
        if (System.nanoTime() - lastWrite >= heartbeatNanos) {
            lastWrite = System.nanoTime();
            return stream.write(chunk -> chunk.writeByte('\n')) && stream.flush();
        }
        return ctx.channel().isActive();
    }
}
