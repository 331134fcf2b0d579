package dev.logq.store.internal.index;

import dev.logq.store.internal.journal.Journal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long data is kept, and the deletion that enforces it. With retention {@code R} and horizon
 * {@code now - R}:
 * <ul>
 * <li>an index partition is deleted once its whole period ended at or before the horizon;</li>
 * <li>a journal cycle file is deleted once its hour ended at or before the horizon and the partition
 *     its hour starts in is deleted ({@link #partitionKeepingCycle}: the index reads results from the
 *     journal, {@link EventDocument#AT}), and only if it is older than the cycle the indexer's checkpoint
 *     is in (the indexer never needs it again), than the cycle appends go to, and than the newest cycle
 *     file.</li>
 * </ul>
 * Run at open and then every minute; "now" is the injected clock.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Duration keep;
    private final InstantSource clock;

    /** @param keep how long to keep data, or null to keep everything */
    public Retention(Duration keep, InstantSource clock) {
        this.keep = keep;
        this.clock = clock;
    }

    /** Data that ended at or before this instant is deleted; null if everything is kept. */
    Instant horizon() {
        return keep == null ? null : clock.instant().minus(keep);
    }

    /**
     * The start of the partition a journal cycle is kept for: the one its hour starts in. Retention
     * deletes the cycle only once that partition is deleted, so the journal outlives the index for
     * every event whose partition starts no later.
     */
    static long partitionKeepingCycle(PartitionScheme scheme, int cycle) {
        return scheme.startOf(TimeKey.ofSeconds(Journal.startOf(cycle).getEpochSecond()));
    }

    /**
     * Deletes what is past the horizon.
     *
     * @param indexedThrough the indexer's checkpoint (a journal index, -1 for none); journal cycles from
     *     its cycle on are kept
     * @param heldFrom       the lowest journal index a reader still needs (a replication peer), -1 for the
     *     whole journal, {@link Long#MAX_VALUE} for none; journal cycles from its cycle on are kept
     */
    public void apply(Partitions partitions, Journal journal, long indexedThrough, long heldFrom) throws IOException {
        Instant horizon = horizon();
        if (horizon == null) {
            return;
        }
        partitions.lock().lock();
        try {
            for (Partition p : new ArrayList<>(partitions.all())) {
                if (!p.end().isAfter(horizon)) {
                    partitions.delete(p);
                }
            }
        } finally {
            partitions.lock().unlock();
        }
        if (indexedThrough < 0) {
            return;
        }
        List<Journal.CycleFile> files = journal.cycleFiles();
        if (files.isEmpty()) {
            return;
        }
        int keepFrom = Math.min(journal.cycleOf(indexedThrough),
                Math.min(journal.currentCycle(), files.getLast().cycle()));
        if (heldFrom != Long.MAX_VALUE) {
            keepFrom = Math.min(keepFrom, heldFrom < 0 ? files.getFirst().cycle() : journal.cycleOf(heldFrom));
        }
        PartitionScheme scheme = partitions.scheme();
        for (Journal.CycleFile f : files) {
            Instant partitionEnd = scheme.end(partitionKeepingCycle(scheme, f.cycle()));
            if (f.cycle() < keepFrom && !f.end().isAfter(horizon) && !partitionEnd.isAfter(horizon)) {
                journal.delete(f);
                LOG.info("deleted journal cycle {} (retention)", f.path().getFileName());
            }
        }
    }
}
