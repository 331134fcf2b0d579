package dev.logq.store.internal.index;

import dev.logq.store.internal.journal.DurableFile;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that tails the journal and adds each event to the index partition of its time.
 *
 * <h2>Exactly once, across restarts and kill -9</h2>
 *
 * Every journal excerpt has an index {@code J} that only grows (see {@link Journal}); the indexer reads
 * excerpts in {@code J} order. Two durable records make it exactly-once:
 * <ol>
 * <li>Each partition {@code P} commits with user data {@code journal.index = J_P}, atomically with its
 *     documents (a Lucene commit is all or nothing). Invariant: P's last commit holds exactly the events
 *     {@code e} with {@code partition(e) = P} and {@code J(e) <= J_P}. A commit round commits every
 *     partition that got documents with {@code J_P = X}, the index of the last excerpt read: all of P's
 *     events up to X were added before, so the invariant holds.</li>
 * <li>After a round has committed every partition, the checkpoint file {@code index/checkpoint} is
 *     replaced atomically ({@link DurableFile}) with {@code C = X}. Every partition then holds all its
 *     events up to C.</li>
 * </ol>
 * On open (and after any indexing failure) uncommitted documents are dropped (each partition reopens
 * its last commit), the tailer resumes after C, and an event at {@code J} for partition P is added only
 * if {@code J > J_P}. Events in {@code (C, J_P]} are those P committed in a round that the process did
 * not finish (killed between P's commit and the checkpoint); they are skipped, the others are added
 * again because their uncommitted documents were dropped. The checkpoint only saves rescanning: with it
 * lost, the same rule applied from the journal's start gives the same index.
 *
 * <p>The journal is not forced to disk (see {@link Journal}) but commits are, so after a power loss the
 * journal may end before what the index recorded. That is detected on open ({@code C} or some
 * {@code J_P} beyond the journal's last index, or partitions built with another partition period) and
 * the index is rebuilt from the journal, which is the truth.
 *
 * <p>Events whose partition has already passed retention are not indexed (retention would delete the
 * partition again); a record that cannot be decoded is logged and skipped.
 *
 * <p>The unit of progress is a batch of up to {@value #BATCH} excerpts: read and decoded here, its
 * documents added possibly by two threads ({@link IndexBatch}), and only then is the position moved past
 * it, so a commit round never sees half a batch. On any failure (disk full, a Lucene error) the indexer
 * drops what is uncommitted, reopens from the last commits as at startup, and retries with a growing
 * pause; {@link #healthy()} is false meanwhile.
 */
public final class Indexer implements AutoCloseable {

    public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    private static final String CHECKPOINT_KEY = "journal.index";
    private static final int BATCH = 4096;
    private static final long IDLE_PARK_NANOS = 20_000_000L;
    private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

    private final Journal journal;
    private final Partitions partitions;
    private final DurableFile checkpoint;
    private final Retention retention;
    private final long commitIntervalNanos;
    private final long idleCloseNanos;
    private final IndexBatch batch = new IndexBatch(Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** The partitions the current batch adds to, and how many documents each. */
    private final Map<Partition, Integer> touched = new IdentityHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy;
    private volatile long position = -1;          // last excerpt read (indexed or skipped)
    private volatile long durablePosition = -1;   // the checkpoint
    private volatile long indexed;
    private volatile Rebuild rebuilding;

    public Indexer(Journal journal, Partitions partitions, Retention retention, Duration commitInterval, Duration idleClose) {
        this.journal = journal;
        this.partitions = partitions;
        this.checkpoint = new DurableFile(partitions.root().resolve("checkpoint"));
        this.retention = retention;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.idleCloseNanos = idleClose.toNanos();
        this.thread = Thread.ofPlatform().name("logq-indexer").daemon().unstarted(LowPriority.of(this::run));
    }

    /**
     * Opens the partitions as last committed and reads the checkpoint; rebuilds the index if it is
     * ahead of the journal or was built with another partition period. Call before the first append.
     */
    public void prepare() throws IOException {
        List<String> movedAside = partitions.reload();
        long last = journal.lastIndex();
        long c = readCheckpoint();
        String period = partitions.scheme().period().toString();
        String reason = null;
        if (c > last) {
            reason = "the checkpoint is at journal index " + Journal.describe(c) + " but the journal ends at " + Journal.describe(last);
        }
        for (Partition p : partitions.all()) {
            if (reason == null && p.committedIndex() > last) {
                reason = p + " holds events up to journal index " + Journal.describe(p.committedIndex())
                        + " but the journal ends at " + Journal.describe(last);
            } else if (reason == null && !p.committedPeriod().equals(period)) {
                reason = p + " was built with partition period " + p.committedPeriod() + ", not " + period;
            }
        }
        if (reason != null) {
            LOG.warn("rebuilding the index from the journal: {} (power loss, or a changed configuration)", reason);
            partitions.deleteAll();
            c = -1;
            checkpoint.write(Map.of(CHECKPOINT_KEY, "-1"));
        } else if (!movedAside.isEmpty()) {
            // the journal read again from its start: the partitions still there skip what they hold (J <= J_P)
            LOG.warn("rebuilding index partition(s) {} from the journal, while the others serve", movedAside);
            c = -1;
            checkpoint.write(Map.of(CHECKPOINT_KEY, "-1"));
        }
        if (!movedAside.isEmpty()) {
            rebuilding = new Rebuild(List.copyOf(movedAside), last);
        }
        position = c;
        durablePosition = c;
    }

    /** Partitions moved aside as corrupt, rebuilt until the indexer has read the journal as it was then. */
    private record Rebuild(List<String> partitions, long through) {}

    /** The partitions being rebuilt after they were found corrupt; empty once they hold what the journal had. */
    public List<String> rebuilding() {
        Rebuild r = rebuilding;
        if (r == null) {
            return List.of();
        }
        if (durablePosition >= r.through()) {
            rebuilding = null;
            LOG.info("index partition(s) {} rebuilt from the journal", r.partitions());
            return List.of();
        }
        return r.partitions();
    }

    /**
     * Deletes the partitions under {@code root} that end after {@code since} (all if null) and sets the
     * checkpoint to the journal's start; with the store closed. The next {@link #prepare} and run then add
     * every event of those partitions again, and none twice to the others (J <= J_P).
     *
     * @return the names of the partitions deleted
     */
    public static List<String> dropPartitions(Path root, PartitionScheme scheme, Instant since) throws IOException {
        List<String> dropped = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                    String name = dir.getFileName().toString();
                    OptionalLong start = Files.isDirectory(dir) ? scheme.parse(name) : OptionalLong.empty();
                    if (start.isPresent() && (since == null || scheme.end(start.getAsLong()).isAfter(since))) {
                        Partition.deleteTree(dir);
                        dropped.add(name);
                    }
                }
            }
            new DurableFile(root.resolve("checkpoint")).write(Map.of(CHECKPOINT_KEY, "-1"));
        }
        return dropped;
    }

    private long readCheckpoint() throws IOException {
        String value = checkpoint.read().get(CHECKPOINT_KEY);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            LOG.warn("{} holds '{}', not a journal index: reindexing from the start of the journal", checkpoint.path(), value);
            return -1;
        }
    }

    public void start() {
        thread.start();
    }

    /** Index of the last journal excerpt the indexer has read, -1 if none. */
    public long position() {
        return position;
    }

    /** Index of the last journal excerpt whose event is in a committed partition for sure (the checkpoint). */
    public long durablePosition() {
        return durablePosition;
    }

    public long indexedSinceOpen() {
        return indexed;
    }

    public boolean healthy() {
        return healthy && running;
    }

    /** Called after appends, so new events are indexed without waiting for the idle pause to end. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        ExcerptTailer tailer = null;
        long backoff = 1_000_000_000L;
        long lastCommit = System.nanoTime();
        while (running) {
            try {
                if (tailer == null) {
                    tailer = resume();
                }
                int n = indexBatch(tailer);
                long now = System.nanoTime();
                if (now - lastCommit >= commitIntervalNanos) {
                    commitAll();
                    closeIdle(now);
                    lastCommit = now;
                }
                healthy = true;
                backoff = 1_000_000_000L;
                if (n == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                healthy = false;
                LOG.error("indexing failed at journal index {}; retrying in {} s from the last commit: {}",
                        Journal.describe(position), backoff / 1_000_000_000L, e.toString(), e);
                tailer = closeQuietly(tailer);
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                try {
                    prepare();
                } catch (IOException | RuntimeException again) {
                    LOG.error("cannot reopen the index: {}", again.toString());
                }
            }
        }
        try {
            if (tailer != null && healthy) {
                commitAll();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("final index commit failed (the next start re-indexes from the last one): {}", e.toString(), e);
        } finally {
            closeQuietly(tailer);
            batch.close();
        }
    }

    private ExcerptTailer resume() {
        ExcerptTailer tailer = journal.tailer();
        long c = durablePosition;
        if (c >= 0 && tailer.moveToIndex(c)) {
            Journal.skipOne(tailer);  // the excerpt at the checkpoint is indexed already
        } else {
            tailer.toStart();
        }
        position = c;
        LOG.info("indexer resuming after journal index {}", Journal.describe(c));
        return tailer;
    }

    private int indexBatch(ExcerptTailer tailer) throws IOException {
        int n = 0;
        long last = position;
        partitions.lock().lock();
        try {
            Instant horizon = retention.horizon();
            batch.clear();
            touched.clear();
            for (; n < BATCH && !batch.full(); n++) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    long address = ExcerptReader.address(dc.index(), bytes.readPosition());
                    select(dc.index(), address, batch.copy(bytes), length, horizon);
                    last = dc.index();
                }
            }
            batch.index();
            touched.forEach(Partition::added);
            touched.clear();
            indexed += batch.size();
            position = last;
        } finally {
            partitions.lock().unlock();
        }
        return n;
    }

    /** Puts the record into the batch unless it is unreadable, past retention or already committed. */
    private void select(long journalIndex, long address, int offset, int length, Instant horizon) throws IOException {
        Event e;
        try {
            e = batch.decode(offset, length);
        } catch (RuntimeException ex) {
            LOG.warn("not indexing journal record {}: {}", Journal.describe(journalIndex), ex.getMessage());
            return;
        }
        PartitionScheme scheme = partitions.scheme();
        long start = scheme.startOf(TimeKey.of(e.ts()));
        if (horizon != null && !scheme.end(start).isAfter(horizon)) {
            return;  // its partition is past retention
        }
        Partition p = partitions.forStart(start);
        if (journalIndex <= p.committedIndex()) {
            return;  // committed before a restart (see the class comment)
        }
        boolean journalOutlivesPartition = start <= Retention.partitionKeepingCycle(scheme, journal.cycleOf(journalIndex));
        batch.add(e, offset, length, journalOutlivesPartition ? address : -1, p.writerForAdding());
        touched.merge(p, 1, Integer::sum);
    }

    /** Commits every partition with new documents, then records the checkpoint. */
    private void commitAll() throws IOException {
        long x = position;
        partitions.lock().lock();
        try {
            for (Partition p : partitions.all()) {
                p.commit(x);
            }
        } finally {
            partitions.lock().unlock();
        }
        if (x != durablePosition) {
            checkpoint.write(Map.of(CHECKPOINT_KEY, Long.toString(x)));
            durablePosition = x;
        }
    }

    private void closeIdle(long now) throws IOException {
        partitions.lock().lock();
        try {
            for (Partition p : partitions.all()) {
                if (p.idleSince(now - idleCloseNanos)) {
                    p.closeWriter(position);
                }
            }
        } finally {
            partitions.lock().unlock();
        }
    }

    private static ExcerptTailer closeQuietly(ExcerptTailer tailer) {
        if (tailer != null) {
            try {
                tailer.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the journal tailer: {}", e.toString());
            }
        }
        return null;
    }

    /** Stops the thread after its current batch, commits what it indexed, and closes the partitions. */
    @Override
    public void close() throws IOException {
        running = false;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        partitions.close();
    }
}
