package dev.logq.perfmon;

import java.util.concurrent.TimeUnit;

/**
 * The monotonic clock that paces samples and measures the interval rates are divided by, and the only way
 * this program sleeps. Injected so tests step through samples without waiting (like Caffeine's
 * {@code Ticker}); wall-clock time for the {@code timestamp} field comes separately from an
 * {@link java.time.InstantSource}, because it may jump and must not pace anything.
 */
interface Pacer {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** Returns once {@link #nanoTime()} has reached {@code deadline}; at once if it already has. */
    void sleepUntil(long deadline) throws InterruptedException;

    /** The real thing: {@link System#nanoTime()} and {@link Thread#sleep}, on the calling thread. */
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) throws InterruptedException {
            // Thread.sleep may wake early; loop until the deadline really passed.
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }
    };
}
