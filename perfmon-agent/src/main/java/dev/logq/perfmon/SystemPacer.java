package dev.logq.perfmon;

import java.util.concurrent.locks.LockSupport;

/**
 * The real {@link Pacer}: {@link System#nanoTime()}, and sleeps that {@link #stop()} cuts short. It parks
 * rather than interrupting the sampling thread, because an interrupt would also break a file read that
 * happens to be under way (NIO channels close when interrupted).
 */
final class SystemPacer implements Pacer {

    private volatile boolean stopped;
    private volatile Thread sleeper;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadline) {
        sleeper = Thread.currentThread();
        // parkNanos may return early, spuriously or when stopped; loop until the deadline really passed
        for (long left = deadline - System.nanoTime(); left > 0 && !stopped; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        sleeper = null;
    }

    /** Ends the current sleep and every later one at once; {@link #stopped()} is true from now on. */
    void stop() {
        stopped = true;
        Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    boolean stopped() {
        return stopped;
    }
}
