package dev.logq.collector.internal.http;

import dev.logq.store.model.StatsRow;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.FieldCounts;
import java.util.List;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logq.store.model.ContextSink;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /api/v1/search} request, run on the query executor. The connection stops reading while
 * it runs, so a pipelined request cannot interleave with the streamed answer.
 */
final class SearchTask implements Runnable, StreamingTask {

    private static final Logger log = LoggerFactory.getLogger(SearchTask.class);

    /** Between groups of context lines, as grep prints it. */
    private static final byte[] SEPARATOR = {'-', '-', '\n'};

    private final HttpApi api;
    private final ChannelHandlerContext ctx;
    private final SearchParams params;
    private final boolean keepAlive;
    private final Runnable done;
    private final ResultStream stream;

    private SearchTask(HttpApi api, ChannelHandlerContext ctx, SearchParams params, boolean keepAlive, Runnable done) {
        this.api = api;
        this.ctx = ctx;
        this.params = params;
        this.keepAlive = keepAlive;
        this.done = done;
        this.stream = new ResultStream(ctx.channel(), keepAlive, params.format());
    }

    /** Starts the search, or answers at once if the request is bad or too many searches run; null then. */
    static SearchTask start(HttpApi api, ChannelHandlerContext ctx, QueryStringDecoder uri, boolean keepAlive, Runnable done) {
        SearchParams params = null;
        IllegalArgumentException bad = null;
        try {
            params = SearchParams.parse(uri.parameters(), uri.path().equals("/api/v1/stats"));
        } catch (IllegalArgumentException e) {
            bad = e;
        }
        if (StreamingTask.refused(api, ctx, keepAlive, bad)) {
            return null;
        }
        SearchTask task = new SearchTask(api, ctx, params, keepAlive, done);
        ctx.channel().config().setAutoRead(false);
        try {
            api.queries().execute(task);
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            api.metrics().rejected("busy", 1);
            Responses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many searches running; try again");
            return null;
        }
        return task;
    }

    @Override
    public void writable() {
        stream.writable();
    }

    @Override
    public void run() {
        try {
            if (!params.stats().isEmpty()) {
                stats();
            } else if (params.count()) {
                count();
            } else if (params.hasContext()) {
                boolean text = params.format().kind() != ResultFormat.Kind.JSON;
                api.store().searchWithContext(params.query(), params.before(), params.after(), new ContextSink() {
                    @Override
                    public boolean accept(Event e) throws IOException {
                        return stream.accept(e);
                    }

                    @Override
                    public boolean separator() throws IOException {
                        return !text || stream.write(chunk -> chunk.writeBytes(SEPARATOR));
                    }
                });
                stream.finish();
            } else {
                api.store().search(params.query(), stream);
                stream.finish();
            }
        } catch (IllegalArgumentException e) {
            fail(HttpResponseStatus.BAD_REQUEST, e.getMessage(), null);
        } catch (Exception | StackOverflowError e) {
            fail(HttpResponseStatus.INTERNAL_SERVER_ERROR, "search failed: " + e, e);
        } finally {
            StreamingTask.finished(ctx, done);
        }
    }

    /**
     * {"count":N,"origins":{ORIGIN:N,...}}, and with a {@code by}: "by":{ORIGIN:{KEY:N,...},...}; by field
     * names also "examples":{NAME:[TEXT,...],...}.
     */
    private void count() throws Exception {
        Map<String, Map<String, Long>> counts;
        Map<String, List<String>> examples = null;
        if (params.by() != null && params.by().kind() == CountBy.Kind.FIELDS) {
            FieldCounts fields = api.store().fields(params.query());
            counts = fields.counts();
            examples = fields.examples();
        } else {
            counts = api.store().count(params.query(), params.by());
        }
        long total = 0;
        StringBuilder json = new StringBuilder();
        String separator = "";
        for (var origin : counts.entrySet()) {
            long n = origin.getValue().values().stream().mapToLong(Long::longValue).sum();
            total += n;
            // node names are [A-Za-z0-9._-]: nothing to escape
            json.append(separator).append('"').append(origin.getKey()).append("\":").append(n);
            separator = ",";
        }
        json.insert(0, "{\"count\":" + total + ",\"origins\":{").append('}');
        if (params.by() != null) {
            json.append(",\"by\":{");
            separator = "";
            for (var origin : counts.entrySet()) {
                json.append(separator).append('"').append(origin.getKey()).append("\":{");
                String inner = "";
                for (var group : origin.getValue().entrySet()) {  // host and app names come from senders: escaped
                    json.append(inner).append(quoted(group.getKey())).append(':').append(group.getValue());
                    inner = ",";
                }
                json.append('}');
                separator = ",";
            }
            json.append('}');
        }
        if (examples != null) {
            json.append(",\"examples\":{");
            separator = "";
            for (var name : examples.entrySet()) {
                json.append(separator).append(quoted(name.getKey())).append(":[");
                String inner = "";
                for (String value : name.getValue()) {
                    json.append(inner).append(quoted(value));
                    inner = ",";
                }
                json.append(']');
                separator = ",";
            }
            json.append('}');
        }
        Responses.json(ctx, keepAlive, HttpResponseStatus.OK, json.append('}').toString());
    }

    /** {"rows":[{"field":..,"origin":..,"host":..,"bucket":..,...},...]}: see {@link SearchParams}. */
    private void stats() throws Exception {
        StringBuilder json = new StringBuilder("{\"rows\":[");
        String separator = "";
        for (StatsRow r : api.store().stats(params.query(), params.stats(), params.by())) {
            json.append(separator).append("{\"field\":").append(quoted(r.field())).append(",\"origin\":\"").append(r.origin())
                    .append("\",\"host\":").append(quoted(r.host())).append(",\"bucket\":").append(r.bucket())
                    .append(",\"count\":").append(r.count()).append(",\"sum\":").append(r.sum()).append(",\"min\":").append(r.min())
                    .append(",\"max\":").append(r.max()).append(",\"last\":").append(r.last()).append(",\"last_at\":")
                    .append(r.lastSecond()).append(",\"p95\":").append(r.p95()).append('}');
            separator = ",";
        }
        Responses.json(ctx, keepAlive, HttpResponseStatus.OK, json.append("]}").toString());
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    private void fail(HttpResponseStatus status, String message, Throwable cause) {
        if (cause != null) {
            log.warn("search {} from {} failed", describe(params.query()), ctx.channel().remoteAddress(), cause);
        }
        if (stream.fail(ctx, status, message)) {
            api.metrics().rejected(status.code() == 400 ? "bad_request" : "error", 1);
        }
    }

    private static String describe(Query q) {
        return "'" + (q.pattern() == null ? "" : q.pattern()) + "' (" + q.mode() + ")";
    }
}
