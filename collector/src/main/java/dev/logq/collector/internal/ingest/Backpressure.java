package dev.logq.collector.internal.ingest;

import java.time.Duration;

/**
 * How one connection waits for the journal (see {@link EventBatcher}); logqd's {@code Config} checks the
 * values.
 *
 * @param batchesInFlight appends a connection may have waiting before it stops reading
 * @param busyRetry       how soon a batch the journal refused as busy is offered again
 */
public record Backpressure(int batchesInFlight, Duration busyRetry) {
    /** 8 batches, 20 ms: a read burst is one batch, so 8 keep two cores busy without a deep queue. */
    public static final Backpressure DEFAULT = new Backpressure(8, Duration.ofMillis(20));
}
