package dev.logq.collector.internal.ingest;

import dev.logq.collector.internal.metrics.ListenerMetrics;
import io.netty.channel.Channel;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Where one listener's events go: the appender (the journal, behind the disk floor), the listener's
 * counters, its append-failure log and how its connections wait for the journal. One per listener,
 * shared by all its connections; each connection gets its own {@link #batcher}.
 */
public final class Intake {

    private final EventAppender appender;
    private final ListenerMetrics metrics;
    private final Backpressure backpressure;
    private final AppendFailures failures;

    public Intake(EventAppender appender, ListenerMetrics metrics, Backpressure backpressure, InstantSource clock) {
        this.appender = Objects.requireNonNull(appender, "appender");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
        this.failures = new AppendFailures(clock, metrics);
    }

    /** The batcher of one connection (or of a UDP socket); use it on the channel's event loop. */
    public EventBatcher batcher(Channel channel) {
        return new EventBatcher(channel, appender, metrics, failures, backpressure);
    }

    public EventAppender appender() {
        return appender;
    }

    public ListenerMetrics metrics() {
        return metrics;
    }
}
