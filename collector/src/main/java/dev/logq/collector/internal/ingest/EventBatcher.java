package dev.logq.collector.internal.ingest;

import dev.logq.collector.internal.message.Parsed;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.store.model.Event;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The events one channel decoded during a read burst, handed to the journal as one batch, and the
 * channel's backpressure: with {@link Backpressure#batchesInFlight()} batches not yet appended, the channel stops
 * reading (TCP senders then block or queue on their side; a UDP socket's kernel buffer fills and the
 * kernel drops datagrams) and reads again once fewer are in flight. When the store refuses a batch
 * because it has too much pending already (a {@link RejectedExecutionException}), the channel stops
 * reading and offers the same batch again {@link Backpressure#busyRetry()} later, until it is taken: a busy
 * journal slows senders down rather than losing what they sent. Used on the channel's event loop
 * only; append completions are brought back to it.
 */
public final class EventBatcher {

    private static final Consumer<Throwable> NO_CALLBACK = error -> {};
    private static final int INITIAL_CAPACITY = 64;

    private final Channel channel;
    private final EventAppender appender;
    private final ListenerMetrics metrics;
    private final AppendFailures failures;
    private final int maxInFlight;
    private final long busyRetryNanos;
    private List<Event> pending = new ArrayList<>(INITIAL_CAPACITY);
    private int inFlight;
    private int waitingForRoom;
    private boolean paused;

    EventBatcher(Channel channel, EventAppender appender, ListenerMetrics metrics, AppendFailures failures, Backpressure backpressure) {
        this.channel = channel;
        this.appender = appender;
        this.metrics = metrics;
        this.failures = failures;
        this.maxInFlight = backpressure.batchesInFlight();
        this.busyRetryNanos = backpressure.busyRetry().toNanos();
    }

    public void add(Parsed parsed) {
        if (parsed.unparsed()) {
            metrics.unparsed();
        }
        if (parsed.invalidUtf8()) {
            metrics.invalidUtf8();
        }
        if (parsed.truncated()) {
            metrics.truncated();
        }
        pending.add(parsed.event());
    }

    /** Appends what was added since the last flush, if anything. */
    public void flush() {
        flush(NO_CALLBACK);
    }

    /**
     * Appends what was added since the last flush, if anything, and then tells {@code whenDone} on the
     * channel's event loop how it ended: with null once every event of the batch is in the journal (it
     * may then be acknowledged), or with the error if the batch could not be appended.
     */
    public void flush(Consumer<Throwable> whenDone) {
        if (pending.isEmpty()) {
            return;
        }
        List<Event> batch = pending;
        pending = new ArrayList<>(Math.max(INITIAL_CAPACITY, batch.size()));
        metrics.received(batch.size());
        inFlight++;
        if (inFlight >= maxInFlight) {
            pause();
        }
        offer(batch, whenDone);
    }

    private void offer(List<Event> batch, Consumer<Throwable> whenDone) {
        CompletableFuture<?> appended;
        try {
            appended = appender.append(batch);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        if (appended == null) {
            appended = CompletableFuture.failedFuture(new IllegalStateException("the appender returned no future"));
        }
        appended.whenComplete((ignored, error) -> onEventLoop(() -> {
            if (EventAppender.refusedAsBusy(error)) {
                waitForRoom(batch, whenDone);
            } else {
                completed(batch.size(), error, whenDone);
            }
        }));
    }

    private void waitForRoom(List<Event> batch, Consumer<Throwable> whenDone) {
        waitingForRoom++;
        pause();
        try {
            channel.eventLoop().schedule(() -> {
                waitingForRoom--;
                offer(batch, whenDone);
            }, busyRetryNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            waitingForRoom--;
            completed(batch.size(), new IllegalStateException("logqd is shutting down and the journal is full"), whenDone);
        }
    }

    private void pause() {
        if (!paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    private void completed(int size, Throwable error, Consumer<Throwable> whenDone) {
        inFlight--;
        if (error == null) {
            metrics.stored(size);
        } else {
            failures.failed(size, error);
        }
        whenDone.accept(error);
        if (paused && inFlight < maxInFlight && waitingForRoom == 0) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void onEventLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the loop is shutting down: count the outcome all the same
        }
    }

    public int inFlight() {
        return inFlight;
    }
}
