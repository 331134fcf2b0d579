package dev.logq.perfmon;

import static dev.logq.perfmon.Counters.NONE;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * How one CPU (or all of them) spent an interval, in percent of the USER_HZ ticks accounted in it.
 *
 * <p>user = user + nice; sys = system + irq + softirq; wait = iowait; idle = idle; steal = steal. The
 * five add up to 100, give or take rounding to one decimal. {@code steal_pct} is not in jsonperfmon,
 * which left steal out of its total; without it the other four do not add up on a busy VM.
 */
record CpuShares(double user, double sys, double ioWait, double idle, double steal) {

    /**
     * The shares between two readings of the same CPU, or null when any column went down (a reset, or
     * iowait's documented decreases; see {@link Counters}) or no tick was accounted.
     */
    static CpuShares between(Reading.CpuTimes before, Reading.CpuTimes after) {
        long user = Counters.delta(before.user(), after.user());
        long nice = Counters.delta(before.nice(), after.nice());
        long system = Counters.delta(before.system(), after.system());
        long idle = Counters.delta(before.idle(), after.idle());
        long iowait = Counters.delta(before.iowait(), after.iowait());
        long irq = Counters.delta(before.irq(), after.irq());
        long softirq = Counters.delta(before.softirq(), after.softirq());
        long steal = Counters.delta(before.steal(), after.steal());
        if (user == NONE || nice == NONE || system == NONE || idle == NONE
                || iowait == NONE || irq == NONE || softirq == NONE || steal == NONE) {
            return null;
        }
        double total = user + nice + system + idle + iowait + irq + softirq + steal;
        if (total == 0) {
            return null;
        }
        return new CpuShares(
                100 * (user + nice) / total,
                100 * (system + irq + softirq) / total,
                100 * iowait / total,
                100 * idle / total,
                100 * steal / total);
    }

    /** Writes the object {@code {"user_pct":..,"sys_pct":..,"wait_pct":..,"idle_pct":..,"steal_pct":..}}. */
    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("user_pct", Counters.tenths(user));
        json.writeNumberField("sys_pct", Counters.tenths(sys));
        json.writeNumberField("wait_pct", Counters.tenths(ioWait));
        json.writeNumberField("idle_pct", Counters.tenths(idle));
        json.writeNumberField("steal_pct", Counters.tenths(steal));
        json.writeEndObject();
    }
}
