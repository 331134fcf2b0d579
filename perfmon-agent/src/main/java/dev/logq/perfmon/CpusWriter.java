package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The {@code cpus} group (-u): one object per online CPU, keyed by the kernel's CPU number (the N of
 * {@code cpuN} in /proc/stat, so keys skip offline CPUs rather than renumbering the rest).
 *
 * <table>
 * <caption>Fields of {@code cpus.<n>}</caption>
 * <tr><th>field</th><th>unit</th><th>source (columns of the {@code cpuN} line)</th></tr>
 * <tr><td>{@code user_pct}</td><td>% of that CPU's time, 1 decimal</td><td>user + nice</td></tr>
 * <tr><td>{@code sys_pct}</td><td>%</td><td>system + irq + softirq</td></tr>
 * <tr><td>{@code wait_pct}</td><td>%</td><td>iowait</td></tr>
 * <tr><td>{@code idle_pct}</td><td>%</td><td>idle</td></tr>
 * <tr><td>{@code steal_pct}</td><td>%</td><td>steal (not in jsonperfmon; see {@link CpuShares})</td></tr>
 * </table>
 *
 * A CPU is left out of a sample when it has no baseline (it just came online) or one of its counters
 * went down (see {@link Counters}); jsonperfmon compared such a CPU against zeros.
 */
final class CpusWriter implements GroupWriter {

    @Override
    public void write(JsonGenerator json, Reading before, Reading after) throws IOException {
        List<Reading.CpuTimes> previous = before.stat().cpus();
        json.writeStartObject();
        int hint = 0;
        for (Reading.CpuTimes cpu : after.stat().cpus()) {
            int at = indexOf(previous, cpu.id(), hint);
            if (at < 0) {
                continue;
            }
            hint = at + 1;
            CpuShares shares = CpuShares.between(previous.get(at), cpu);
            if (shares != null) {
                json.writeFieldName(Integer.toString(cpu.id()));
                shares.write(json);
            }
        }
        json.writeEndObject();
    }

    /** Where CPU {@code id} is in {@code cpus}, looking from {@code hint} first (the usual case), or -1. */
    private static int indexOf(List<Reading.CpuTimes> cpus, int id, int hint) {
        int n = cpus.size();
        for (int i = 0; i < n; i++) {
            int at = (hint + i) % n;
            if (cpus.get(at).id() == id) {
                return at;
            }
        }
        return -1;
    }
}
