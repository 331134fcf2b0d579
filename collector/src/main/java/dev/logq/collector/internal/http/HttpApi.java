package dev.logq.collector.internal.http;

import dev.logq.collector.internal.alert.Alerts;
import dev.logq.collector.internal.ingest.EventAppender;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.internal.net.IdleCloser;
import dev.logq.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The HTTP API: what it needs, and the pipeline of one connection. Searches run on {@code queries},
 * never on the event loop.
 */
public final class HttpApi extends ChannelInitializer<SocketChannel> {

    /**
     * How long and how large requests may be.
     *
     * @param requestTimeout  a request must arrive whole this soon after its first byte, else 408
     * @param idleTimeout     a connection that neither reads nor writes this long is closed
     * @param maxRequestBytes the largest request body, after gzip is undone (an ingest batch: Vector and
     *                        Fluent Bit send a few MiB at most); a larger one is answered 413 and its
     *                        connection closed, without reading it whole
     * @param maxMessageBytes an ingested event's message text is cut to this many bytes (and counted)
     */
    public record Limits(Duration requestTimeout, Duration idleTimeout, int maxRequestBytes, int maxMessageBytes) {}

    /** At most this many {@code /api/v1/tail} followers at once, a thread each. */
    static final int MAX_FOLLOWERS = 32;

    private final Store store;
    private final Semaphore followers = new Semaphore(MAX_FOLLOWERS);
    private final PrometheusMeterRegistry registry;
    private final Intake intake;
    private final ExecutorService queries;
    private final ApiToken token;
    private final Limits limits;
    private final InstantSource clock;
    private final Supplier<Map<String, Object>> replication;
    private final EventAppender imports;
    private final Alerts alerts;

    /**
     * @param intake where ingested events go; its metrics are the HTTP listener's
     * @param token  required on search and ingest, or null for none
     * @param clock  stamps ingested events with their receive time
     * @param replication the peers' status for /healthz, or null without replication
     * @param imports where {@code POST /api/v1/import} appends: as replicated events, each kept once by its
     *                origin and seq, behind the disk floor
     * @param alerts  the alert rules for /api/v1/alerts, or null without --alerts
     */
    public HttpApi(Store store, Intake intake, PrometheusMeterRegistry registry, ExecutorService queries, ApiToken token,
            Limits limits, InstantSource clock, Supplier<Map<String, Object>> replication, EventAppender imports, Alerts alerts) {
        this.replication = replication;
        this.alerts = alerts;
        this.imports = imports;
        this.store = store;
        this.intake = intake;
        this.registry = registry;
        this.queries = queries;
        this.token = token;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
        ch.pipeline().addLast(new RequestDeadline(limits.requestTimeout(), metrics()));
        IdleCloser.afterInactivity(ch.pipeline(), limits.idleTimeout());
        ch.pipeline()
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpContentDecompressor(0))  // Content-Encoding: gzip, deflate
                .addLast(new HttpObjectAggregator(limits.maxRequestBytes()))
                .addLast(new ApiHandler(this));
    }

    Store store() {
        return store;
    }

    /** Where imported events go: the journal as replicated ones, behind the disk floor. */
    EventAppender imports() {
        return imports;
    }

    /** The alert rules, or null without --alerts. */
    Alerts alerts() {
        return alerts;
    }

    /** Where ingested events go: the journal, behind the disk floor. */
    Intake intake() {
        return intake;
    }

    ListenerMetrics metrics() {
        return intake.metrics();
    }

    InstantSource clock() {
        return clock;
    }

    /** The peers' replication status, or null without replication. */
    Map<String, Object> replication() {
        return replication == null ? null : replication.get();
    }

    int maxMessageBytes() {
        return limits.maxMessageBytes();
    }

    /** Whether a request to a guarded endpoint may proceed (always, without a token configured). */
    boolean admits(String authorization) {
        return token == null || token.admits(authorization);
    }

    ExecutorService queries() {
        return queries;
    }

    /** Slots for followers ({@link TailTask}). */
    Semaphore followers() {
        return followers;
    }

    /** How often a follower with nothing to send writes a blank line: well within the idle timeout. */
    Duration heartbeat() {
        Duration half = limits.idleTimeout().dividedBy(2);
        return half.compareTo(Duration.ofSeconds(10)) < 0 ? half : Duration.ofSeconds(10);
    }

    String scrape() {
        return registry.scrape();
    }
}
