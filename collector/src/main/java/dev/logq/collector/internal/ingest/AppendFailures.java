package dev.logq.collector.internal.ingest;

import dev.logq.collector.internal.metrics.ListenerMetrics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the events of failed journal appends and says so in the log at most once per
 * {@link #INTERVAL} per listener: when the journal fails it fails for every batch, and one line per
 * batch would bury everything else.
 */
final class AppendFailures {

    private static final Logger log = LoggerFactory.getLogger(AppendFailures.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final InstantSource clock;
    private final ListenerMetrics metrics;
    private long nextWarning = Long.MIN_VALUE;
    private long unreported;

    AppendFailures(InstantSource clock, ListenerMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Records that a batch of {@code events} could not be appended (called from any event loop). */
    void failed(int events, Throwable cause) {
        metrics.rejected("journal", events);
        long now = clock.millis();
        long before;
        synchronized (this) {
            unreported += events;
            if (now < nextWarning) {
                return;
            }
            nextWarning = now + INTERVAL.toMillis();
            before = unreported;
            unreported = 0;
        }
        log.warn("{}: {} events could not be appended to the journal and are lost: {} (is the data directory full "
                        + "or read-only? logqd warns at most every {} s; logq_events_rejected_total{reason=\"journal\"} counts them all)",
                metrics.listener(), before, describe(cause), INTERVAL.toSeconds());
    }

    private static String describe(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
