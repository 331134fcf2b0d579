package dev.logq.store.internal.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index partitions under {@code dataDir/index}, by start time. Structural changes (creating,
 * deleting, reloading) happen under {@link #lock()}, which the indexer holds per batch and retention
 * while it deletes, so retention never deletes a partition the indexer is writing. Searches read the
 * map without the lock and cope with a partition being deleted under them.
 */
public final class Partitions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);

    private final Path root;
    private final PartitionScheme scheme;
    private final int ramBufferMb;
    private final ConcurrentSkipListMap<Long, Partition> byStart = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Partitions(Path root, PartitionScheme scheme, int ramBufferMb) {
        this.root = root;
        this.scheme = scheme;
        this.ramBufferMb = ramBufferMb;
    }

    Path root() {
        return root;
    }

    PartitionScheme scheme() {
        return scheme;
    }

    ReentrantLock lock() {
        return lock;
    }

    /**
     * Closes any open partitions (dropping uncommitted documents) and opens those on disk afresh. A
     * partition Lucene finds corrupt (or truncated, or of a format it cannot read) is moved aside to
     * {@code DATA/corrupt/}, so that the node serves the others and the indexer can build it again.
     *
     * @return the names of the partitions moved aside
     */
    List<String> reload() throws IOException {
        lock.lock();
        try {
            closePartitions();
            Files.createDirectories(root);
            List<String> movedAside = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    OptionalLong start = Files.isDirectory(dir) ? scheme.parse(dir.getFileName().toString()) : OptionalLong.empty();
                    if (start.isPresent()) {
                        try {
                            byStart.put(start.getAsLong(), Partition.open(scheme, start.getAsLong(), dir, ramBufferMb));
                        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException | EOFException
                                | NoSuchFileException e) {
                            movedAside.add(moveAside(dir, e));
                        }
                    } else if (!dir.getFileName().toString().startsWith("checkpoint")) {
                        LOG.warn("ignoring {}: not an index partition", dir);
                    }
                }
            }
            return movedAside;
        } finally {
            lock.unlock();
        }
    }

    private String moveAside(Path dir, IOException why) throws IOException {
        String name = dir.getFileName().toString();
        Path aside = root.resolveSibling("corrupt").resolve("index-" + name + "-" + System.currentTimeMillis());
        Files.createDirectories(aside.getParent());
        Files.move(dir, aside);
        LOG.error("index partition {} does not open ({}): moved aside to {} and rebuilt from the journal; delete it "
                + "once you no longer want to look at it", name, why.toString(), aside);
        return name;
    }

    /** Deletes every partition (the index is rebuilt from the journal). */
    void deleteAll() throws IOException {
        lock.lock();
        try {
            for (Partition p : byStart.values()) {
                p.delete();
            }
            byStart.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The partition for a partition start, created if needed; call with the lock held. */
    Partition forStart(long start) throws IOException {
        Partition p = byStart.get(start);
        if (p == null) {
            p = Partition.open(scheme, start, root.resolve(scheme.name(start)), ramBufferMb);
            byStart.put(start, p);
            LOG.info("created index {}", p);
        }
        return p;
    }

    /** Deletes one partition; call with the lock held. */
    void delete(Partition p) throws IOException {
        byStart.remove(p.start(), p);
        p.delete();
        LOG.info("deleted index {} (retention)", p);
    }

    public Collection<Partition> all() {
        return byStart.values();
    }

    /** The partitions holding time keys in {@code [lo, hi]}, oldest or newest first. */
    public List<Partition> overlapping(long lo, long hi, boolean newestFirst) {
        List<Partition> found = new ArrayList<>();
        for (Partition p : byStart.values()) {
            if (p.lastKey() >= lo && p.firstKey() <= hi) {
                found.add(p);
            }
        }
        if (newestFirst) {
            found.sort(Comparator.comparingLong(Partition::start).reversed());
        }
        return found;
    }

    public void refreshAll() throws IOException {
        for (Partition p : byStart.values()) {
            p.refreshIfDue();
        }
    }

    public long bytes() {
        return byStart.values().stream().mapToLong(Partition::bytes).sum();
    }

    public int size() {
        return byStart.size();
    }

    private void closePartitions() throws IOException {
        IOException failure = null;
        for (Partition p : byStart.values()) {
            try {
                p.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        byStart.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every partition without committing; the indexer commits before. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closePartitions();
        } finally {
            lock.unlock();
        }
    }
}
