package dev.logq.perfmon;

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
}
