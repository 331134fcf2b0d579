package dev.logq.store.internal.index;

import dev.logq.store.model.RetentionTotals;
import dev.logq.store.internal.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long and how much data is kept, and the deletion that enforces it. Both limits come down to one
 * horizon: data that ended at or before it goes. The age limit {@code R} gives {@code now - R}; the size
 * limit, when the journal and index together hold more than their budget, gives the end of the oldest
 * partitions whose deletion (with the journal cycles that go with them) brings them under it, never the
 * newest partition. Whichever horizon is later wins, so whichever limit is hit first applies. With horizon
 * {@code H}:
 * <ul>
 * <li>an index partition is deleted once its whole period ended at or before {@code H};</li>
 * <li>a journal cycle file is deleted once its hour ended at or before {@code H} and the partition
 *     its hour starts in is deleted ({@link #partitionKeepingCycle}: the index reads results from the
 *     journal, {@link EventDocument#AT}), and only if it is older than the cycle the indexer's checkpoint
 *     is in (the indexer never needs it again), than the cycle appends go to, than the newest cycle
 *     file, and than the cycles a replication peer still reads.</li>
 * </ul>
 * What those last rules keep can leave the store over its budget; that is logged, and the disk floor
 * (logqd's --min-free-disk) is what then protects the disk. The size horizon only moves forward while
 * the limits stay the same. Run at open and then every minute; "now" is the injected clock.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private volatile Duration keep;
    private volatile long maxBytes;
    private final InstantSource clock;
    private volatile Instant sizeHorizon;
    private final long[] deleted = new long[6];  // partitions, cycles and bytes, each by age and by size
    private long overBudgetSaid;

    /**
     * @param keep     how long to keep data, or null for no age limit
     * @param maxBytes how many bytes the journal and index may hold together, or 0 for no size limit
     */
    public Retention(Duration keep, long maxBytes, InstantSource clock) {
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** New limits (logqd's SIGHUP), applied from the next {@link #apply}; the size horizon is worked out again. */
    public synchronized void update(Duration keep, long maxBytes) {
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.sizeHorizon = null;
    }

    /** Data that ended at or before this instant is deleted; null if everything is kept. */
    Instant horizon() {
        Instant age = keep == null ? null : clock.instant().minus(keep);
        Instant size = sizeHorizon;
        return age == null ? size : size == null || age.isAfter(size) ? age : size;
    }

    /** What was deleted since the store opened, and the budget. */
    public synchronized RetentionTotals totals() {
        return new RetentionTotals(maxBytes, deleted[0], deleted[1], deleted[2], deleted[3], deleted[4], deleted[5]);
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
    public synchronized void apply(Partitions partitions, Journal journal, long indexedThrough, long heldFrom) throws IOException {
        Duration keep = this.keep;
        List<Journal.CycleFile> files = journal.cycleFiles();
        int keepFrom = Integer.MIN_VALUE;  // cycles before it may go
        if (indexedThrough >= 0 && !files.isEmpty()) {
            keepFrom = Math.min(journal.cycleOf(indexedThrough), Math.min(journal.currentCycle(), files.getLast().cycle()));
            if (heldFrom != Long.MAX_VALUE) {
                keepFrom = Math.min(keepFrom, heldFrom < 0 ? files.getFirst().cycle() : journal.cycleOf(heldFrom));
            }
        }
        if (maxBytes > 0) {
            moveSizeHorizon(partitions, journal, files, keepFrom);
        }
        Instant horizon = horizon();
        if (horizon == null) {
            return;
        }
        Instant byAge = keep == null ? null : clock.instant().minus(keep);
        partitions.lock().lock();
        try {
            for (Partition p : new ArrayList<>(partitions.all())) {
                if (!p.end().isAfter(horizon)) {
                    long bytes = p.bytes();
                    partitions.delete(p);
                    count(0, bytes, byAge != null && !p.end().isAfter(byAge));
                }
            }
        } finally {
            partitions.lock().unlock();
        }
        PartitionScheme scheme = partitions.scheme();
        for (Journal.CycleFile f : files) {
            if (f.cycle() < keepFrom && goesBy(f, scheme, horizon)) {
                long bytes = Files.size(f.path());
                journal.delete(f);
                boolean age = byAge != null && goesBy(f, scheme, byAge);
                count(1, bytes, age);
                LOG.info("deleted journal cycle {} (retention by {})", f.path().getFileName(), age ? "age" : "size");
            }
        }
    }

    private static boolean goesBy(Journal.CycleFile f, PartitionScheme scheme, Instant horizon) {
        return !f.end().isAfter(horizon) && !scheme.end(partitionKeepingCycle(scheme, f.cycle())).isAfter(horizon);
    }

    private void count(int what, long bytes, boolean byAge) {
        int reason = byAge ? 0 : 1;
        deleted[what * 2 + reason]++;
        deleted[4 + reason] += bytes;
    }

    /**
     * Over budget: the horizon moves to the end of the oldest partition whose deletion, with the journal
     * cycles that would go with it and those before, frees enough; at most to the end of the one before
     * the newest.
     */
    private void moveSizeHorizon(Partitions partitions, Journal journal, List<Journal.CycleFile> files, int keepFrom) throws IOException {
        long total = partitions.bytes() + journal.bytes();
        if (total <= maxBytes) {
            return;
        }
        List<Partition> oldestFirst = new ArrayList<>(partitions.all());
        PartitionScheme scheme = partitions.scheme();
        Set<Integer> counted = new HashSet<>();
        long freed = 0;
        Instant reached = null;
        for (int k = 0; k < oldestFirst.size() - 1 && total - freed > maxBytes; k++) {
            Partition p = oldestFirst.get(k);
            reached = p.end();
            freed += p.bytes();
            for (Journal.CycleFile f : files) {
                if (f.cycle() < keepFrom && goesBy(f, scheme, reached) && counted.add(f.cycle())) {
                    freed += Files.size(f.path());
                }
            }
        }
        if (reached != null && (sizeHorizon == null || reached.isAfter(sizeHorizon))) {
            sizeHorizon = reached;
            LOG.info("the journal and index hold {} bytes, over the {}-byte budget (--retain-bytes): deleting data before {}",
                    total, maxBytes, reached);
        }
        long now = clock.millis();
        if (total - freed > maxBytes && now - overBudgetSaid > Duration.ofHours(1).toMillis()) {
            overBudgetSaid = now;
            LOG.warn("the journal and index hold {} bytes, over the {}-byte budget (--retain-bytes), and the oldest data left is "
                    + "the newest partition or still needed (by the indexer, or by a peer that has not received it); "
                    + "nothing more is deleted until it is not", total - freed, maxBytes);
        }
    }
}
