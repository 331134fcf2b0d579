package dev.logq.perfmon;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Time that passes only when the program sleeps: a sleep jumps straight to its deadline, then runs the
 * next queued step (which typically edits the {@link FakeRoot} so the next reading sees new counters).
 * The wall clock starts at 2026-05-01T12:00:00Z and moves with the monotonic one.
 */
final class FakeTime implements InstantSource, Pacer {

    static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

    private final Queue<Runnable> steps = new ArrayDeque<>();
    private long nanos = 5_000_000_000L;
    private final long origin = nanos;
    private long slowStep;

    /** Runs {@code step} when the next sleep not yet claimed by an earlier step ends. */
    FakeTime afterSleep(Runnable step) {
        steps.add(step);
        return this;
    }

    /**
     * Until the first sleep, every look at the clock moves it on by {@code seconds}: a program whose
     * first readings are slow (a cold JVM reading every /proc file once).
     */
    FakeTime slowUntilFirstSleep(double seconds) {
        slowStep = (long) (seconds * 1e9);
        return this;
    }

    /** Moves time on by {@code seconds} without a sleep (the process was stopped, the host suspended). */
    void pass(double seconds) {
        nanos += (long) (seconds * 1e9);
    }

    @Override
    public long nanoTime() {
        long now = nanos;
        nanos += slowStep;
        return now;
    }

    @Override
    public void sleepUntil(long deadline) {
        slowStep = 0;
        if (deadline > nanos) {
            nanos = deadline;
        }
        Runnable step = steps.poll();
        if (step != null) {
            step.run();
        }
    }

    @Override
    public Instant instant() {
        return START.plusNanos(nanos - origin);
    }
}
