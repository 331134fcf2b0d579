package dev.logq.collector.http;

import dev.logq.collector.EventAppender;
import dev.logq.collector.ListenerMetrics;
import dev.logq.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP API: what it needs, and the pipeline of one connection. Searches run on {@code queries},
 * never on the event loop.
 */
public final class HttpApi extends ChannelInitializer<SocketChannel> {

    /**
     * The largest request body, after gzip is undone: an ingest batch (Vector and Fluent Bit send a few
     * MiB at most). A larger one is answered 413 and its connection closed, without reading it whole.
     */
    static final int MAX_REQUEST_BYTES = 16 << 20;
    static final int IDLE_SECONDS = 120;

    private final Store store;
    private final PrometheusMeterRegistry registry;
    private final ListenerMetrics metrics;
    private final ExecutorService queries;
    private final ApiToken token;
    private final EventAppender appender;
    private final Duration requestTimeout;

    /**
     * @param token          required on search and ingest, or null for none
     * @param requestTimeout how long a request may take to arrive whole
     */
    public HttpApi(Store store, EventAppender appender, PrometheusMeterRegistry registry, ExecutorService queries, ApiToken token,
            Duration requestTimeout) {
        this.store = store;
        this.appender = appender;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.registry = registry;
        this.metrics = new ListenerMetrics(registry, "http");
        this.queries = queries;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
        ch.pipeline()
                .addLast(new RequestDeadline(requestTimeout, metrics))
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS))
                .addLast(new IdleCloser())
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpContentDecompressor(0))  // Content-Encoding: gzip, deflate
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(new ApiHandler(this));
    }

    Store store() {
        return store;
    }

    /** Where ingested events go: the journal, behind the disk floor. */
    EventAppender appender() {
        return appender;
    }

    ListenerMetrics metrics() {
        return metrics;
    }

    /** Whether a request to a guarded endpoint may proceed (always, without a token configured). */
    boolean admits(String authorization) {
        return token == null || token.admits(authorization);
    }

    ExecutorService queries() {
        return queries;
    }

    String scrape() {
        return registry.scrape();
    }
}
