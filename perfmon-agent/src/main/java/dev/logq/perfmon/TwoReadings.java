package dev.logq.perfmon;

/**
 * A group's last two readings and when each was taken, for the samplers that keep their own readings:
 * rates come from the difference of the two over the monotonic time between them.
 *
 * @param <T> what one reading holds
 */
final class TwoReadings<T> {

    private T before;
    private T after;
    private long beforeNanos;
    private long afterNanos;

    /** Keeps {@code now}, taken at {@code nanos}; the reading before becomes the baseline. */
    void add(T now, long nanos) {
        before = after;
        beforeNanos = afterNanos;
        after = now;
        afterNanos = nanos;
    }

    /** The baseline, or null before the second reading. */
    T before() {
        return before;
    }

    /** The latest reading, or null before the first. */
    T after() {
        return after;
    }

    /** Seconds between the two readings; 0 if there are not two yet or time did not advance. */
    double seconds() {
        long elapsed = afterNanos - beforeNanos;
        return before == null || elapsed <= 0 ? 0 : elapsed / 1e9;
    }
}
