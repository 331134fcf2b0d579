package dev.logq.store.internal.index;

import java.time.Instant;

/**
 * Event time as the index keys and sorts it: nanoseconds since the epoch in a long, which holds
 * 1677-09-21 to 2262-04-11 exactly. Times outside are clamped to the ends, so a few absurd timestamps
 * (a broken clock) share a key; the query engine checks such times against the real {@link Instant}.
 */
public final class TimeKey {

    private TimeKey() {}

    public static long of(Instant t) {
        long s = t.getEpochSecond();
        try {
            return Math.addExact(Math.multiplyExact(s, 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return s < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** True if {@link #of} is exact for this time, i.e. it is not clamped. */
    public static boolean exact(Instant t) {
        long key = of(t);
        return key != Long.MIN_VALUE && key != Long.MAX_VALUE;
    }

    /** {@code seconds * 1e9}, saturating at the ends of long. */
    static long ofSeconds(long seconds) {
        try {
            return Math.multiplyExact(seconds, 1_000_000_000L);
        } catch (ArithmeticException e) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
