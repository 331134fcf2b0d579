package dev.logq.collector.internal.ingest;

import dev.logq.store.model.Event;
import dev.logq.store.model.Units;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal off a full disk: while the data directory's file system has less than
 * --min-free-disk free, every append is refused as "busy" (a {@link RejectedExecutionException}), so
 * TCP and RELP connections stop reading and offer their batch again, HTTP answers 503, and nothing is
 * acknowledged that was not appended. When space returns, the next offer goes through by itself.
 * The journal is memory-mapped, and writing to a mapped page that the disk has no room for would kill
 * the process (SIGBUS), so the floor must stay above zero. Every listener appends through this.
 */
public final class DiskFloor implements EventAppender {

    private static final Logger log = LoggerFactory.getLogger(DiskFloor.class);
    private static final long CHECK_EVERY_NANOS = 250_000_000L;

    private final EventAppender journal;
    private final FileStore fileStore;
    private final Path dir;
    private volatile long minFreeBytes;
    private volatile long checkedAt = System.nanoTime() - CHECK_EVERY_NANOS;
    private volatile boolean full;
    private volatile long free = -1;

    public DiskFloor(EventAppender journal, Path dataDir, long minFreeBytes, MeterRegistry registry) throws IOException {
        this.journal = journal;
        this.dir = dataDir;
        this.fileStore = Files.getFileStore(dataDir);
        this.minFreeBytes = minFreeBytes;
        Gauge.builder("logq.journal.disk_full", this, f -> f.belowFloor() ? 1 : 0)
                .description("1 while the data directory has less than --min-free-disk free and ingest is paused").register(registry);
    }

    @Override
    public CompletableFuture<?> append(List<Event> batch) {
        return unlessFull(() -> journal.append(batch));
    }

    /**
     * Runs {@code append} while the disk has room; below the floor, a future failed with the busy refusal
     * instead. The one check for every way into the journal: clients' events, peers', imports.
     */
    public <T> CompletableFuture<T> unlessFull(Supplier<CompletableFuture<T>> append) {
        RejectedExecutionException full = refusal();
        return full != null ? CompletableFuture.failedFuture(full) : append.get();
    }

    /** A new floor (SIGHUP), checked against the disk at once. */
    public void setMinFree(long bytes) {
        this.minFreeBytes = bytes;
        check();
    }

    /** The busy refusal that an append gets while the disk is below the floor; null while there is room. */
    private RejectedExecutionException refusal() {
        return belowFloor() ? new RejectedExecutionException("the data directory has " + Units.bytesText(free)
                + " free, less than --min-free-disk " + Units.bytesText(minFreeBytes)) : null;
    }

    /** Whether the data directory's disk has less free than the floor (checked at most every 250 ms). */
    public boolean belowFloor() {
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
            checkedAt = now;
            check();
        }
        return full;
    }

    private synchronized void check() {
        try {
            free = fileStore.getUsableSpace();
        } catch (IOException e) {
            log.warn("cannot read the free space of {}: {}; assuming it is full", dir, e.getMessage());
            free = 0;
        }
        boolean nowFull = free < minFreeBytes;
        if (nowFull != full) {
            full = nowFull;
            if (nowFull) {
                log.warn("{} has {} free, less than --min-free-disk {}: not taking events until there is room "
                        + "(senders are paused, HTTP answers 503; see logq_journal_disk_full)",
                        dir, Units.bytesText(free), Units.bytesText(minFreeBytes));
            } else {
                log.info("{} has {} free again: taking events", dir, Units.bytesText(free));
            }
        }
    }
}
