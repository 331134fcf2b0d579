package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The one place that turns two readings of a cumulative kernel counter into a number worth printing.
 *
 * <p>jsonperfmon subtracted unsigned counters blindly, so a counter that went down (wrapped, was reset
 * by a driver or a hot-plugged CPU, or — documented for {@code iowait} in /proc/stat — simply decreased)
 * produced rates near 2^64. Here a counter that went down yields no value for that interval: the field
 * is left out of that one sample, and the new value is the baseline of the next. Leaving it out beats
 * "rate from 0", which would print the whole count since the reset (possibly since boot) as one
 * interval's worth.
 */
final class Counters {

    /** Marks a number the kernel did not give, or a difference that cannot be known. */
    static final long NONE = -1;

    private Counters() {}

    /** How much a counter grew from {@code before} to {@code after}, or {@link #NONE}. */
    static long delta(long before, long after) {
        if (before < 0 || after < 0 || after < before) {
            return NONE;
        }
        return after - before;
    }

    /** The counter's growth per second, rounded to a whole number, or {@link #NONE}. */
    static long perSecond(long before, long after, double seconds) {
        long delta = delta(before, after);
        if (delta == NONE || seconds <= 0) {
            return NONE;
        }
        return Math.round(delta / seconds);
    }

    /** Rounds to one decimal, the precision jsonperfmon prints shares with. */
    static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Writes {@code "name": value} unless the value is {@link #NONE}. */
    static void writeIfKnown(JsonGenerator json, String name, long value) throws IOException {
        if (value != NONE) {
            json.writeNumberField(name, value);
        }
    }
}
