package dev.logq.collector.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests of one connection:
 *
 * <pre>
 * GET  /api/v1/search   events as JSON lines (see {@link SearchParams})
 * POST /api/v1/ingest   JSON lines in, one event each (see {@link Ingest}, {@link dev.logq.collector.JsonEvent})
 * POST /api/v1/import   events as logq -o json wrote them, kept once by (origin, seq) (logq import)
 * GET  /api/v1/alerts   alert rules and their state; POST .../test and .../silence (see {@link AlertsEndpoint})
 * POST /_bulk           the Elasticsearch bulk shape, for shippers' Elasticsearch outputs
 * GET  /                what those outputs ask first: an Elasticsearch-like version answer
 * GET  /_cluster/health Vector's health check: green once the store is ready
 * GET  /healthz         node status; 503 while not ready
 * GET  /metrics         Prometheus text exposition
 * </pre>
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /**
     * Vector's and Filebeat's Elasticsearch outputs read the version from {@code GET /} before sending
     * {@code _bulk}; logq answers as the Elasticsearch 8 API whose bulk shape it takes.
     */
    static final String ELASTICSEARCH_INFO = "{\"name\":\"logqd\",\"cluster_name\":\"logq\","
            + "\"version\":{\"number\":\"8.0.0\",\"build_flavor\":\"default\"},\"tagline\":\"You Know, for Search\"}";

    private final HttpApi api;
    private StreamingTask running;

    ApiHandler(HttpApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.requestComplete();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            api.metrics().rejected("bad_request", 1);
            Responses.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean get = request.method().equals(HttpMethod.GET);
        boolean post = request.method().equals(HttpMethod.POST);
        boolean open = path.equals("/healthz") || path.equals("/metrics");
        if (!open && !api.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            api.metrics().rejected("unauthorized", 1);
            FullHttpResponse refused = Responses.errorResponse(keepAlive, HttpResponseStatus.UNAUTHORIZED,
                    "this logqd requires its API token: Authorization: Bearer TOKEN (logq: --token or LOGQ_TOKEN)");
            refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"logq\"");
            Responses.write(ctx, keepAlive, refused);
            return;
        }
        if (path.endsWith("/_bulk")) {
            if (require(ctx, keepAlive, post, "POST")) {
                String index = path.equals("/_bulk") ? null : path.substring(1, path.length() - "/_bulk".length());
                Ingest.bulk(api, ctx, request, keepAlive, index);
            }
            return;
        }
        switch (path) {
            case "/api/v1/ingest" -> {
                if (require(ctx, keepAlive, post, "POST")) {
                    Ingest.jsonLines(api, ctx, request, keepAlive);
                }
            }
            case "/api/v1/import" -> {
                if (require(ctx, keepAlive, post, "POST")) {
                    Ingest.imported(api, ctx, request, keepAlive);
                }
            }
            case "/" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    Responses.json(ctx, keepAlive, HttpResponseStatus.OK, ELASTICSEARCH_INFO);
                }
            }
            case "/_cluster/health" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    boolean ready = api.store().ready();
                    Responses.json(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "{\"cluster_name\":\"logq\",\"status\":\"" + (ready ? "green" : "red") + "\",\"timed_out\":false,\"number_of_nodes\":1}");
                }
            }
            case "/api/v1/search", "/api/v1/stats" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    running = SearchTask.start(api, ctx, uri, keepAlive, () -> running = null);
                }
            }
            case "/api/v1/tail" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    running = TailTask.start(api, ctx, uri, keepAlive, () -> running = null);
                }
            }
            case "/api/v1/alerts", "/api/v1/alerts/test", "/api/v1/alerts/silence" ->
                    AlertsEndpoint.handle(api, ctx, uri, keepAlive, get, post);
            case "/healthz" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    Health.respond(api.store(), api.replication(), ctx, keepAlive);
                }
            }
            case "/metrics" -> {
                if (requireGet(ctx, keepAlive, get)) {
                    Responses.send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; version=0.0.4", api.scrape());
                }
            }
            default -> Responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                    "no such endpoint " + path + " (try /api/v1/search, /api/v1/stats, /api/v1/tail, /api/v1/ingest, /api/v1/import, /api/v1/alerts, /healthz, /metrics)");
        }
    }

    private static boolean requireGet(ChannelHandlerContext ctx, boolean keepAlive, boolean get) {
        return require(ctx, keepAlive, get, "GET");
    }

    private static boolean require(ChannelHandlerContext ctx, boolean keepAlive, boolean ok, String method) {
        if (!ok) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + method);
        }
        return ok;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        StreamingTask task = running;
        if (task != null && ctx.channel().isWritable()) {
            task.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("http {}: {}; closing the connection", ctx.channel().remoteAddress(), cause.toString());
        api.metrics().rejected("exception", 1);
        ctx.close();
    }
}
