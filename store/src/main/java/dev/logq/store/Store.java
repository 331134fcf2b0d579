package dev.logq.store;

import dev.logq.store.internal.index.Indexer;
import dev.logq.store.internal.index.LowPriority;
import dev.logq.store.internal.index.PartitionScheme;
import dev.logq.store.internal.index.Partitions;
import dev.logq.store.internal.index.Retention;
import dev.logq.store.internal.journal.DurableFile;
import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.HighWaterMarks;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.internal.journal.JournalWriter;
import dev.logq.store.internal.search.Follower;
import dev.logq.store.internal.search.QueryEngine;
import dev.logq.store.internal.search.SearchPlan;
import dev.logq.store.internal.search.StatsEngine;
import dev.logq.store.model.ContextSink;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.EventSink;
import dev.logq.store.model.FieldCounts;
import dev.logq.store.model.FollowSink;
import dev.logq.store.model.Query;
import dev.logq.store.model.RetentionTotals;
import dev.logq.store.model.StatsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's storage: the journal (source of truth), the time-partitioned index derived from it, the
 * query engine over the index, and retention. Thread-safe. This is the only type the collector
 * needs from this module besides the event model.
 *
 * <p>Layout under {@code dataDir}: {@code journal/} (Chronicle Queue, hourly cycles), {@code marks}
 * (per-origin high-water marks, see {@link HighWaterMarks}), {@code index/<yyyyMMdd'T'HH>/} (one Lucene
 * index per partition period), {@code index/checkpoint} (see {@link Indexer}) and {@code lock} (one
 * store per directory, see {@link DataDirLock}).
 *
 * <p>Durability: an append is acknowledged once its events are in the journal's memory-mapped files,
 * which survives the process being killed ({@code kill -9}) but not a power loss or kernel crash in the
 * following seconds (see {@link Journal}). The index is derived and catches up after any restart.
 *
 * <p>Threads: one journal writer, one indexer, and one timer that refreshes searchers every
 * {@code refreshInterval} and applies retention every minute. Searches run on the caller's thread; a count
 * over several partitions also on up to one helper thread per further core ({@link QueryEngine}).
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

    private final StoreConfig config;
    private final DataDirLock lock;
    private final Journal journal;
    private final Partitions partitions;
    private final Retention retention;
    private final Indexer indexer;
    private final JournalWriter writer;
    private final QueryEngine engine;
    private final StatsEngine stats;
    private final ScheduledExecutorService timer;
    private final ReplicationCursors cursors;
    private final Map<String, LongSupplier> retentionHolds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Store(StoreConfig config, DataDirLock lock, Journal journal, Partitions partitions, Retention retention,
            Indexer indexer, JournalWriter writer, ReplicationCursors cursors) {
        this.cursors = cursors;
        this.config = config;
        this.lock = lock;
        this.journal = journal;
        this.partitions = partitions;
        this.retention = retention;
        this.indexer = indexer;
        this.writer = writer;
        this.engine = new QueryEngine(partitions, journal);
        this.stats = new StatsEngine(partitions, journal);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("logq-store-timer").daemon().unstarted(LowPriority.of(r)));  // refreshes write segments
    }

    /**
     * Opens (creating if needed) the journal and index under {@code config.dataDir()}, starts the
     * indexer, which first catches up with whatever the journal holds beyond the index's recorded
     * position, and the retention task.
     *
     * @param clock the time used for "now": journal cycle roll, retention, default timestamps
     */
    public static Store open(StoreConfig config, InstantSource clock) throws IOException {
        return open(config, clock, Indexer.DEFAULT_IDLE_CLOSE);
    }

    /**
     * For {@code logqd reindex}: deletes the index partitions that hold events from {@code since} on (all of
     * them if null) and resets the indexer's checkpoint, so that the next {@link #open} reads the whole journal
     * again and builds them anew; the partitions kept skip what they hold. The store must be closed (the data
     * directory's lock is taken for the time of it).
     *
     * @return the names of the partitions deleted
     */
    public static List<String> dropIndex(StoreConfig config, Instant since) throws IOException {
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir())) {
            return Indexer.dropPartitions(config.dataDir().resolve("index"), new PartitionScheme(config.partitionPeriod()), since);
        }
    }

    static Store open(StoreConfig config, InstantSource clock, Duration idleClose) throws IOException {
        Path data = config.dataDir();
        Files.createDirectories(data);
        DataDirLock lock = DataDirLock.acquire(data);
        Journal journal;
        try {
            DataFormat.check(data);
            journal = Journal.open(data.resolve("journal"), clock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        Partitions partitions = new Partitions(data.resolve("index"), new PartitionScheme(config.partitionPeriod()),
                config.indexRamBufferMb());
        Indexer indexer = null;
        try {
            HighWaterMarks marks = HighWaterMarks.recover(new DurableFile(data.resolve("marks")), journal);
            Retention retention = new Retention(config.retention(), RetainBudget.resolve(data, config.retainBytes()), clock);
            indexer = new Indexer(journal, partitions, retention, config.commitInterval(), idleClose);
            indexer.prepare();
            ReplicationCursors cursors = ReplicationCursors.load(new DurableFile(data.resolve("replication")));
            retention.apply(partitions, journal, indexer.durablePosition(), Long.MAX_VALUE);
            JournalWriter writer = new JournalWriter(journal, config.node(), marks,
                    JournalWriter.DEFAULT_MAX_PENDING_EVENTS, config.commitInterval(), indexer::wake);
            indexer.start();
            Store store = new Store(config, lock, journal, partitions, retention, indexer, writer, cursors);
            store.startTimer();
            LOG.info("store open in {} as node {} (last seq {}, index at journal {})", data, config.node(),
                    writer.lastSeq(), Journal.describe(indexer.durablePosition()));
            return store;
        } catch (IOException | RuntimeException e) {
            try {
                if (indexer != null) {
                    indexer.close();
                }
                partitions.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            journal.close();
            lock.close();
            throw e;
        }
    }

    private void startTimer() {
        long refresh = config.refreshInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                partitions.refreshAll();
            } catch (IOException | RuntimeException e) {
                LOG.warn("refreshing index searchers failed: {}", e.toString());
            }
        }, refresh, refresh, TimeUnit.MILLISECONDS);
        long every = RETENTION_EVERY.toMillis();
        timer.scheduleWithFixedDelay(this::runRetentionOnTimer, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Appends events received by this node, in order, giving each the identity (this node, next
     * sequence number). The future completes once all are in the journal (they are then
     * "acknowledged" in the sense of docs/design.md), with the last sequence number given; it completes
     * exceptionally if they could not be appended, and then none of them is acknowledged (some may be
     * in the journal all the same, so a sender that retries can duplicate them).
     *
     * <p>Never blocks: if the journal writer is too far behind, the future fails at once with a
     * {@link RejectedExecutionException}; the caller should push back on its sender and retry later.
     */
    public CompletableFuture<Long> append(List<Event> events) {
        return writer.append(events);
    }

    /**
     * Appends events a peer replicated, which already carry their identity (origin, seq), and drops
     * those at or below this node's high-water mark for their origin, so a peer re-sending after a
     * reconnect stores nothing twice. A peer must send each origin's events in seq order. The future
     * completes with how many events were new; failures as for {@link #append}.
     *
     * @throws IllegalArgumentException if an event has no origin, a negative seq, or an origin that is
     *     not a node name; nothing is appended then
     */
    public CompletableFuture<Integer> appendReplicated(List<Event> events) {
        return writer.appendReplicated(events);
    }

    /**
     * The highest seq stored per origin (this node's own last seq included): where a peer resumes
     * replicating its events to this node.
     */
    public Map<String, Long> highWaterMarks() {
        return writer.highWaterMarks();
    }

    /**
     * The seq of the newest event this node originated, -1 if none. It is set after that event is in the
     * journal, so an {@link OriginReader} started after reading it can read every event up to it.
     */
    public long lastSeq() {
        return writer.lastSeq();
    }

    /** This node's own events from the journal, for a replicator; close it on the thread that reads it. */
    public OriginReader originReader() {
        checkOpen();
        return new OriginReader(journal, config.node());
    }

    /** The event of a record an {@link OriginReader} read, as a peer decodes what it was sent. */
    public static Event decodeRecord(byte[] record, int offset, int length) {
        return EventCodec.decode(record, offset, length);
    }

    /** How far each peer has acknowledged this node's events (saved by the caller, see {@link ReplicationCursors#save}). */
    public ReplicationCursors replicationCursors() {
        return cursors;
    }

    /**
     * Keeps retention from deleting journal cycles that {@code holder} still reads: from the cycle of the
     * journal index {@code neededFrom} returns (-1: all of the journal, {@link Long#MAX_VALUE}: nothing) on,
     * until {@link #releaseRetention}. A replicator holds what a connected peer has not acknowledged.
     */
    public void holdRetention(String holder, LongSupplier neededFrom) {
        retentionHolds.put(holder, neededFrom);
    }

    public void releaseRetention(String holder) {
        retentionHolds.remove(holder);
    }

    private long heldFrom() {
        long from = Long.MAX_VALUE;
        for (LongSupplier hold : retentionHolds.values()) {
            from = Math.min(from, hold.getAsLong());
        }
        return from;
    }

    /**
     * Streams the events matching the query to the sink, in the query's order, at most its limit.
     * Events are searchable about one refresh interval after their append completed. Copies of one
     * sending from several origins show as often as the client sent it ({@link Copies}) unless the
     * query asks for {@link Query#allCopies}.
     *
     * @throws IllegalArgumentException if the pattern is invalid, with grep's kind of message
     */
    public void search(Query query, EventSink sink) throws IOException {
        checkOpen();
        engine.search(query, sink);
    }

    /**
     * Counts the events matching the query (ignoring its limit and order), per origin node; copies of
     * one sending count once, for the origin whose copies a search shows, unless the query asks for all.
     */
    public Map<String, Long> count(Query query) throws IOException {
        checkOpen();
        return engine.count(query);
    }

    /**
     * Follows the journal's events matching {@code query} as they are appended, on the calling thread,
     * until the sink says stop or the store closes; see {@link Follower}.
     *
     * @param after the journal position to resume after (from {@link FollowSink#accept}), or -1
     * @param backlog without {@code after}: start with this many of the newest matches
     */
    public void follow(Query query, long after, int backlog, FollowSink sink) throws IOException {
        checkOpen();
        new Follower(journal, query).run(after, backlog, sink, () -> closed);
    }

    /** The matches with grep's context ({@code -B before}, {@code -A after}); see {@link QueryEngine#searchWithContext}. */
    public void searchWithContext(Query query, int before, int after, ContextSink sink) throws IOException {
        checkOpen();
        engine.searchWithContext(query, before, after, sink);
    }

    /** Counts per origin and group; see {@link QueryEngine#count(Query, CountBy)}. */
    public Map<String, Map<String, Long>> count(Query query, CountBy by) throws IOException {
        checkOpen();
        return engine.count(query, by);
    }

    /** The structured field names of the matching events, with counts and examples; see {@link QueryEngine#fields}. */
    public FieldCounts fields(Query query) throws IOException {
        checkOpen();
        return engine.fields(query);
    }

    /**
     * Numeric fields of the matching events per origin, host and time bucket (host statistics from
     * logq-perfmon or jsonperfmon, or any JSON event's numbers); see {@link StatsEngine}.
     *
     * @param buckets a count by time: the buckets' length and alignment
     */
    public List<StatsRow> stats(Query query, List<String> fields, CountBy buckets) throws IOException {
        checkOpen();
        if (buckets.kind() != CountBy.Kind.TIME) {
            throw new IllegalArgumentException("statistics are per time bucket");
        }
        return stats.stats(query, fields, buckets);
    }

    /**
     * The query's whole check of one event, as a search applies it (pattern with grep's semantics, host,
     * app, severity, fields and time), for code that sees events one by one: alert rules on new events.
     *
     * @throws IllegalArgumentException if the pattern is invalid, with grep's kind of message
     */
    public static Predicate<Event> matcher(Query query) {
        return new SearchPlan(query)::selects;
    }

    /**
     * The task, run at the indexer's lower OS priority ({@link LowPriority}): for work that follows the
     * journal and may fall behind in a burst (alert rules), so that taking events in comes first.
     */
    public static Runnable atLowPriority(Runnable task) {
        return LowPriority.of(task);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + config.dataDir() + " is closed");
        }
    }

    /** This node's name, the origin of the events {@link #append} takes. */
    public String node() {
        return config.node();
    }

    /**
     * Whether the journal and indexer are running (the indexer not retrying after a failure). Cheap,
     * unlike {@link #status()}, which counts journal entries and walks directories.
     */
    public boolean ready() {
        return !closed && indexer.healthy() && writer.running();
    }

    public StoreStatus status() {
        if (closed) {
            return new StoreStatus(config.node(), false, writer.lastSeq(), 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
        long total = journal.entryCount();
        long lag = journal.countAfter(indexer.position());
        long journalBytes;
        long diskFree;
        try {
            journalBytes = journal.bytes();
            diskFree = Files.getFileStore(config.dataDir()).getUsableSpace();
        } catch (IOException e) {
            journalBytes = -1;
            diskFree = -1;
        }
        return new StoreStatus(config.node(), ready(), writer.lastSeq(), total,
                Math.max(0, total - lag), lag, writer.pendingEvents(), journalBytes, partitions.bytes(),
                partitions.size(), diskFree, indexer.rebuilding());
    }

    /**
     * New retention limits while open (logqd's SIGHUP), as {@link StoreConfig#retention} and
     * {@link StoreConfig#retainBytes} take them; applied at once, on the store's timer.
     *
     * @throws IllegalArgumentException if they are out of range, and then nothing changes
     */
    public void updateRetention(Duration keep, long retainBytes) throws IOException {
        new StoreConfig(config.dataDir(), config.node(), config.partitionPeriod(), keep, config.refreshInterval(),
                config.commitInterval(), config.indexRamBufferMb(), retainBytes);  // checks them as at open
        retention.update(keep, RetainBudget.resolve(config.dataDir(), retainBytes));
        timer.execute(this::runRetentionOnTimer);
    }

    private void runRetentionOnTimer() {
        try {
            runRetention();
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention failed (retrying in a minute): {}", e.toString(), e);
        }
    }

    /** What retention deleted since the store opened, by age and by size, and the size budget. */
    public RetentionTotals retentionTotals() {
        return retention.totals();
    }

    /** Deletes what retention says is too old or too much; the timer calls it every minute, tests directly. */
    void runRetention() throws IOException {
        retention.apply(partitions, journal, indexer.durablePosition(), heldFrom());
    }

    Journal journal() {
        return journal;
    }

    Indexer indexer() {
        return indexer;
    }

    Partitions partitions() {
        return partitions;
    }

    /** Stops taking appends, waits for those in flight, commits the index and closes everything. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdown();  // no interrupt: an interrupted Lucene write invalidates the writer's lock and loses the writer
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
            indexer.close();
        } finally {
            try {
                journal.close();
            } finally {
                lock.close();
            }
        }
        LOG.info("store in {} closed", config.dataDir());
    }
}
