package dev.logq.store.internal.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;

/**
 * One Lucene index holding the events of one period of event time, in {@code index/<name>}.
 *
 * <p>Every commit records, in its user data, the journal index up to which the commit holds all of
 * this partition's events ({@value #JOURNAL_INDEX}) and the partition period it was built with
 * ({@value #PERIOD}); see {@link Indexer} for how that makes indexing exactly-once.
 *
 * <p>A partition has an {@link IndexWriter} only while events arrive for it (the indexer opens it on
 * the first event and closes it when idle); searches go through a {@link SearcherManager} that is
 * near-real-time on the writer while there is one and on the last commit otherwise. The manager is
 * swapped before the old one is closed, so a search never finds none.
 */
public final class Partition {

    static final String JOURNAL_INDEX = "journal.index";
    static final String PERIOD = "period";
    /** Under load, a refresh waits for this many new documents or {@link #MAX_STALE_NANOS}, whichever first. */
    private static final int BUSY_DOCS = 10_000;
    private static final long MAX_STALE_NANOS = 1_000_000_000L;

    private final long start;
    private final String name;
    private final Path dir;
    private final Instant end;
    private final long firstKey;
    private final long lastKey;
    private final String period;
    private final int ramBufferMb;
    private final FSDirectory directory;
    private IndexWriter writer;                    // guarded by this
    private volatile SearcherManager searchers;
    private volatile long committedIndex;
    private volatile String committedPeriod;
    private boolean dirty;                         // guarded by this
    private long lastAddNanos;                     // guarded by this
    private final AtomicInteger unrefreshed = new AtomicInteger();
    private volatile long lastRefreshNanos = System.nanoTime();
    private volatile boolean closed;

    private Partition(PartitionScheme scheme, long start, Path dir, int ramBufferMb) throws IOException {
        this.start = start;
        this.name = scheme.name(start);
        this.dir = dir;
        this.end = scheme.end(start);
        this.firstKey = scheme.firstKey(start);
        this.lastKey = scheme.lastKey(start);
        this.period = scheme.period().toString();
        this.ramBufferMb = ramBufferMb;
        this.directory = FSDirectory.open(dir);
    }

    /**
     * Opens the partition in {@code dir}, creating it (with an empty first commit, and a writer open) if
     * it has no commit: a directory left without one by a crash during creation holds nothing that counts.
     */
    static Partition open(PartitionScheme scheme, long start, Path dir, int ramBufferMb) throws IOException {
        Files.createDirectories(dir);
        Partition p = new Partition(scheme, start, dir, ramBufferMb);
        try {
            synchronized (p) {
                if (!DirectoryReader.indexExists(p.directory)) {
                    p.openWriter();
                    p.commitWriter(-1);
                    p.lastAddNanos = System.nanoTime();
                } else {
                    p.readCommit();
                    p.searchers = new SearcherManager(p.directory, null);
                }
            }
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    long start() {
        return start;
    }

    Instant end() {
        return end;
    }

    public long firstKey() {
        return firstKey;
    }

    public long lastKey() {
        return lastKey;
    }

    /** Journal index up to which the last commit holds all of this partition's events; -1 for none. */
    long committedIndex() {
        return committedIndex;
    }

    /** The partition period of the last commit, as a {@link java.time.Duration} text. */
    String committedPeriod() {
        return committedPeriod;
    }

    private void readCommit() throws IOException {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        committedIndex = Long.parseLong(data.getOrDefault(JOURNAL_INDEX, "-1"));
        committedPeriod = data.getOrDefault(PERIOD, period);
    }

    /**
     * The writer to add documents with, opened if needed; the partition counts as changed from now on.
     * Documents may then be added from several threads; the writer stays open until the indexer, which
     * calls this, closes it.
     */
    synchronized IndexWriter writerForAdding() throws IOException {
        if (writer == null) {
            openWriter();
        }
        dirty = true;
        lastAddNanos = System.nanoTime();
        return writer;
    }

    /**
     * Counts documents the indexer has finished adding, so the next {@link #refreshIfDue} makes them
     * searchable. Counted after the adds, not when the writer is handed out: a refresh that ran
     * between the two would otherwise use up the count and leave the documents unsearchable.
     */
    void added(int documents) {
        unrefreshed.addAndGet(documents);
    }

    /** Commits what was added, recording that it holds this partition's events up to {@code journalIndex}. */
    synchronized void commit(long journalIndex) throws IOException {
        if (writer != null && dirty) {
            commitWriter(journalIndex);
        }
    }

    public synchronized boolean hasWriter() {
        return writer != null;
    }

    synchronized boolean idleSince(long nanos) {
        return writer != null && lastAddNanos - nanos < 0;
    }

    /** Commits and closes the writer; searches then read the commit. */
    synchronized void closeWriter(long journalIndex) throws IOException {
        commit(journalIndex);
        closeWriter();
    }

    private void openWriter() throws IOException {
        // Merging index-sorted segments is costly (postings are merge-sorted by doc), so let more
        // segments of a size wait before merging them: fewer rewrites per document.
        TieredMergePolicy merges = new TieredMergePolicy();
        merges.setSegmentsPerTier(20);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setIndexSort(EventDocument.SORT)
                .setMergePolicy(merges)
                .setCommitOnClose(false)   // every commit must carry its journal index; see commit()
                .setRAMBufferSizeMB(ramBufferMb);
        writer = new IndexWriter(directory, config);
        SearcherManager old = searchers;
        searchers = new SearcherManager(writer, true, false, null);
        if (old != null) {
            old.close();
        }
    }

    private void commitWriter(long journalIndex) throws IOException {
        writer.setLiveCommitData(Map.of(JOURNAL_INDEX, Long.toString(journalIndex), PERIOD, period).entrySet());
        writer.commit();
        committedIndex = journalIndex;
        committedPeriod = period;
        dirty = false;
    }

    private void closeWriter() throws IOException {
        if (writer == null) {
            return;
        }
        SearcherManager old = searchers;
        searchers = new SearcherManager(directory, null);
        old.close();
        writer.close();
        writer = null;
    }

    /**
     * Makes recently added events searchable, if any, and if it is worth it: every refresh writes the
     * buffered documents out as a new segment, and many small segments cost merging later, so while
     * documents pour in (more than {@value #BUSY_DOCS} since the last refresh) it waits for up to a
     * second between refreshes instead of the configured interval.
     */
    void refreshIfDue() throws IOException {
        int pending = unrefreshed.get();
        long now = System.nanoTime();
        if (pending == 0 || (pending >= BUSY_DOCS && now - lastRefreshNanos < MAX_STALE_NANOS)) {
            return;
        }
        unrefreshed.addAndGet(-pending);
        lastRefreshNanos = now;
        if (!refresh(false)) {
            unrefreshed.addAndGet(pending);  // another refresh was running: try again next time
        }
    }

    /** Makes everything added so far searchable before returning. */
    public void refresh() throws IOException {
        refresh(true);
    }

    /** False only if a non-blocking refresh found another one running. */
    private boolean refresh(boolean blocking) throws IOException {
        SearcherManager m = searchers;
        try {
            if (m != null && !closed) {
                if (blocking) {
                    m.maybeRefreshBlocking();
                } else {
                    return m.maybeRefresh();
                }
            }
        } catch (AlreadyClosedException e) {
            // swapped or closed meanwhile: the new manager is fresh
        }
        return true;
    }

    /** A searcher for this partition, or null if it was deleted meanwhile; give it back with {@link #release}. */
    public IndexSearcher acquire() throws IOException {
        for (int attempt = 0; attempt < 3 && !closed; attempt++) {
            SearcherManager m = searchers;
            try {
                return m.acquire();
            } catch (AlreadyClosedException e) {
                // the manager was swapped between reading it and acquiring: read the new one
            }
        }
        return null;
    }

    public void release(IndexSearcher searcher) throws IOException {
        searcher.getIndexReader().decRef();
    }

    /** Size of the partition's files. */
    long bytes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Closes without committing what was added since the last commit. */
    synchronized void close() throws IOException {
        closed = true;
        try {
            if (writer != null) {
                writer.rollback();
                writer = null;
            }
        } finally {
            if (searchers != null) {
                searchers.close();
            }
            directory.close();
        }
    }

    /** Closes and deletes the partition's files; searches holding a searcher finish on the open files. */
    synchronized void delete() throws IOException {
        close();
        deleteTree(dir);
    }

    /** Deletes a directory and everything under it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "partition " + name;
    }
}
