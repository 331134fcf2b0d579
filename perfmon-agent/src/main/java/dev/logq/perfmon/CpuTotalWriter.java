package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The {@code cpu_total} group (-t).
 *
 * <table>
 * <caption>Fields of {@code cpu_total}</caption>
 * <tr><th>field</th><th>unit</th><th>source</th></tr>
 * <tr><td>{@code active}</td><td>CPUs</td><td>number of {@code cpuN} lines in /proc/stat (online CPUs)</td></tr>
 * <tr><td>{@code processorMHZ}</td><td>MHz, whole</td><td>mean of the {@code cpu MHz} lines of /proc/cpuinfo;
 *     left out when there are none</td></tr>
 * <tr><td>{@code run_queue_s}</td><td>tasks</td><td>{@code procs_running} of /proc/stat at the reading: a
 *     gauge despite the {@code _s} (kept for compatibility), and it counts logq-perfmon itself. jsonperfmon
 *     printed the change in {@code procs_blocked} here</td></tr>
 * <tr><td>{@code context_switch_s}</td><td>per second, whole</td><td>{@code ctxt} of /proc/stat; jsonperfmon
 *     printed the count per period, not per second</td></tr>
 * <tr><td>{@code physique.user_pct}</td><td>% of CPU time, 1 decimal</td><td>user + nice</td></tr>
 * <tr><td>{@code physique.sys_pct}</td><td>%</td><td>system + irq + softirq</td></tr>
 * <tr><td>{@code physique.wait_pct}</td><td>%</td><td>iowait</td></tr>
 * <tr><td>{@code physique.idle_pct}</td><td>%</td><td>idle</td></tr>
 * <tr><td>{@code physique.steal_pct}</td><td>%</td><td>steal (not in jsonperfmon; see {@link CpuShares})</td></tr>
 * <tr><td>{@code load_average.T0}, {@code T5}, {@code T15}</td><td>runnable + uninterruptible tasks</td>
 *     <td>the 1, 5 and 15 minute averages of /proc/loadavg, as printed there</td></tr>
 * </table>
 *
 * {@code physique} is left out of a sample when a counter of the {@code cpu} line went down, and
 * {@code context_switch_s} when {@code ctxt} did (see {@link Counters}).
 */
final class CpuTotalWriter implements GroupWriter {

    @Override
    public void write(JsonGenerator json, Reading before, Reading after) throws IOException {
        Reading.Stat stat = after.stat();
        json.writeStartObject();
        json.writeNumberField("active", stat.cpus().size());
        if (!Double.isNaN(after.mhz())) {
            json.writeNumberField("processorMHZ", Math.round(after.mhz()));
        }
        Counters.writeIfKnown(json, "run_queue_s", stat.procsRunning());
        Counters.writeIfKnown(json, "context_switch_s",
                Counters.perSecond(before.stat().contextSwitches(), stat.contextSwitches(), after.secondsSince(before)));
        CpuShares shares = CpuShares.between(before.stat().total(), stat.total());
        if (shares != null) {
            json.writeFieldName("physique");
            shares.write(json);
        }
        Reading.LoadAverage load = after.load();
        if (!Double.isNaN(load.one() + load.five() + load.fifteen())) {
            json.writeObjectFieldStart("load_average");
            json.writeNumberField("T0", load.one());
            json.writeNumberField("T5", load.five());
            json.writeNumberField("T15", load.fifteen());
            json.writeEndObject();
        }
        json.writeEndObject();
    }
}
