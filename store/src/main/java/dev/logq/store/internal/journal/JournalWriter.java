package dev.logq.store.internal.journal;

import dev.logq.store.model.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that appends to the journal. Callers hand it batches and get a future; it writes each
 * event as one excerpt, in the order the batches were handed in, and completes a batch's future once all
 * its events are written.
 *
 * <p>Why one thread: sequence numbers and high-water marks are decided where the order is decided, so
 * they need no lock, and a Chronicle appender is single-threaded anyway. Batches queued while it writes
 * are written together, which keeps the per-batch cost low under load.
 *
 * <p>The queue of waiting batches is bounded by events, not batches; beyond the bound a batch is refused
 * at once ({@link RejectedExecutionException}) rather than blocking the caller, who is usually a network
 * I/O thread and should apply backpressure instead (stop reading, answer "busy").
 */
public final class JournalWriter implements AutoCloseable {

    /** About 20 MB of events in a 256 MiB heap, and a quarter of a second of appending at 125k/s. */
    public static final int DEFAULT_MAX_PENDING_EVENTS = 32_768;
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int MAX_DRAIN = 256;

    private record Batch(List<Event> events, boolean replicated, CompletableFuture<Long> done) {}

    private static final Batch STOP = new Batch(List.of(), false, new CompletableFuture<>());

    private final Journal journal;
    private final String node;
    private final HighWaterMarks marks;
    private final int maxPendingEvents;
    private final long saveIntervalNanos;
    private final Runnable onAppended;
    private final LinkedBlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final Thread thread;
    private final Object lifecycle = new Object();
    private boolean closing;

    public JournalWriter(Journal journal, String node, HighWaterMarks marks, int maxPendingEvents, Duration saveInterval,
            Runnable onAppended) {
        this.journal = journal;
        this.node = node;
        this.marks = marks;
        this.maxPendingEvents = maxPendingEvents;
        this.saveIntervalNanos = saveInterval.toNanos();
        this.onAppended = onAppended;
        this.thread = Thread.ofPlatform().name("logq-journal-writer").daemon().unstarted(this::run);
        thread.start();
    }

    /** See {@link dev.logq.store.Store#append}: completes with the last sequence number given. */
    public CompletableFuture<Long> append(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(marks.get(node));
        }
        return enqueue(new Batch(List.copyOf(events), false, new CompletableFuture<>()));
    }

    /** See {@link dev.logq.store.Store#appendReplicated}: completes with how many events were new. */
    public CompletableFuture<Integer> appendReplicated(List<Event> events) {
        for (Event e : events) {
            if (e.origin() == null || e.seq() < 0) {
                throw new IllegalArgumentException("a replicated event needs an origin and a seq >= 0, got ("
                        + e.origin() + ", " + e.seq() + ")");
            }
            if (!Event.isNodeName(e.origin())) {
                throw new IllegalArgumentException("origin '" + e.origin() + "' is not a node name");
            }
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return enqueue(new Batch(List.copyOf(events), true, new CompletableFuture<>())).thenApply(Long::intValue);
    }

    private CompletableFuture<Long> enqueue(Batch batch) {
        int n = batch.events().size();
        synchronized (lifecycle) {
            if (closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
            }
            int before = pendingEvents.getAndAdd(n);
            if (before > 0 && before + n > maxPendingEvents) {
                pendingEvents.addAndGet(-n);
                return CompletableFuture.failedFuture(new RejectedExecutionException("journal writer is behind: "
                        + before + " events waiting, limit " + maxPendingEvents + "; retry later (slow down the sender)"));
            }
            batches.add(batch);
        }
        return batch.done();
    }

    public long lastSeq() {
        return marks.get(node);
    }

    public Map<String, Long> highWaterMarks() {
        return marks.snapshot();
    }

    /** False once the writer stopped, by {@link #close} or by an error it could not survive. */
    public boolean running() {
        return thread.isAlive();
    }

    public int pendingEvents() {
        return pendingEvents.get();
    }

    private void run() {
        EventCodec.Writer codec = new EventCodec.Writer();
        List<Batch> work = new ArrayList<>();
        long lastSave = System.nanoTime();
        try (ExcerptAppender appender = journal.appender()) {
            boolean stop = false;
            while (!stop) {
                Batch first = batches.poll(Math.max(1, saveIntervalNanos / 1_000_000), TimeUnit.MILLISECONDS);
                work.clear();
                if (first != null) {
                    work.add(first);
                    batches.drainTo(work, MAX_DRAIN);
                }
                for (Batch b : work) {
                    if (b == STOP) {
                        stop = true;
                    } else {
                        write(appender, codec, b);
                    }
                }
                if (!work.isEmpty()) {
                    onAppended.run();
                }
                if (marks.dirty() && (stop || System.nanoTime() - lastSave >= saveIntervalNanos)) {
                    saveMarks();
                    lastSave = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("journal writer stopped: {}", e.toString(), e);
        } finally {
            refuseRest();
        }
    }

    /** After the thread ends, nothing may wait forever on a batch it will never write. */
    private void refuseRest() {
        synchronized (lifecycle) {
            closing = true;
        }
        for (Batch b; (b = batches.poll()) != null; ) {
            b.done().completeExceptionally(new IllegalStateException("the store is closed"));
        }
    }

    private void write(ExcerptAppender appender, EventCodec.Writer codec, Batch b) {
        long result = 0;
        try {
            for (Event e : b.events()) {
                Event stamped;
                if (b.replicated()) {
                    if (e.seq() <= marks.get(e.origin())) {
                        continue;  // already stored: a peer re-sent it after a reconnect
                    }
                    stamped = e;
                    result++;
                } else {
                    stamped = e.withIdentity(node, marks.get(node) + 1);
                    result = stamped.seq();
                }
                codec.encode(stamped);
                try (DocumentContext dc = appender.writingDocument()) {
                    try {
                        dc.wire().bytes().write(codec.array(), 0, codec.length());
                    } catch (RuntimeException ex) {
                        dc.rollbackOnClose();
                        throw ex;
                    }
                }
                marks.advance(stamped.origin(), stamped.seq(), appender.lastIndexAppended());
            }
            b.done().complete(result);
        } catch (RuntimeException | Error e) {
            LOG.error("cannot append to the journal in {}: {}", journal.dir(), e.toString(), e);
            b.done().completeExceptionally(new IOException("cannot append to the journal in " + journal.dir()
                    + ": " + e.getMessage() + " (disk full?)", e));
        } finally {
            pendingEvents.addAndGet(-b.events().size());
        }
    }

    private void saveMarks() {
        try {
            marks.save();
        } catch (IOException e) {
            LOG.warn("cannot save high-water marks (opening will scan more of the journal): {}", e.toString());
        }
    }

    /** Writes every batch handed in before, saves the marks, and stops; later batches are refused. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            batches.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
