package dev.logq.perfmon;

import static dev.logq.perfmon.Counters.NONE;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The {@code memory} group (-m). MB are MiB, rounded down.
 *
 * <table>
 * <caption>Fields of {@code memory}</caption>
 * <tr><th>field</th><th>unit</th><th>source</th></tr>
 * <tr><td>{@code virt_total}</td><td>MB</td><td>MemTotal + SwapTotal (jsonperfmon printed Inactive)</td></tr>
 * <tr><td>{@code real_total}</td><td>MB</td><td>MemTotal</td></tr>
 * <tr><td>{@code real_free}</td><td>MB</td><td>MemFree (not MemAvailable: page cache counts as used)</td></tr>
 * <tr><td>{@code virt_active_pg}</td><td>pages</td><td>nr_active_anon + nr_active_file of /proc/vmstat
 *     (jsonperfmon printed Active in kB under this name)</td></tr>
 * <tr><td>{@code pgins_s}</td><td>KiB per second, whole</td><td>pgpgin: the kernel counts it in KiB, not
 *     pages</td></tr>
 * <tr><td>{@code pgouts_s}</td><td>KiB/s</td><td>pgpgout</td></tr>
 * <tr><td>{@code pgspins_s}</td><td>pages per second, whole</td><td>pswpin (swapped in)</td></tr>
 * <tr><td>{@code pgspouts_s}</td><td>pages/s</td><td>pswpout (swapped out)</td></tr>
 * <tr><td>{@code hugepage.size_kb}</td><td>kB</td><td>Hugepagesize</td></tr>
 * <tr><td>{@code hugepage.total}</td><td>huge pages</td><td>HugePages_Total</td></tr>
 * <tr><td>{@code hugepage.free}</td><td>huge pages</td><td>HugePages_Free</td></tr>
 * <tr><td>{@code paging.total}</td><td>MB</td><td>SwapTotal (jsonperfmon printed kB on Linux)</td></tr>
 * <tr><td>{@code paging.used_pct}</td><td>%, whole</td><td>(SwapTotal - SwapFree) / SwapTotal; 0 with no swap
 *     configured (jsonperfmon printed 100)</td></tr>
 * <tr><td>{@code paging.faults_s}</td><td>per second, whole</td><td>pgfault (minor and major faults)</td></tr>
 * </table>
 *
 * Sizes in /proc/meminfo are kB (KiB). A key the kernel does not print leaves its field out, and
 * {@code hugepage} is left out without Hugepagesize (a kernel without hugetlbfs). A rate is left out of
 * a sample when its counter went down (see {@link Counters}).
 */
final class MemoryWriter implements GroupWriter {

    @Override
    public void write(JsonGenerator json, Reading before, Reading after) throws IOException {
        Reading.Memory was = before.memory();
        Reading.Memory now = after.memory();
        double seconds = after.secondsSince(before);
        json.writeStartObject();
        if (now.memTotalKb() != NONE && now.swapTotalKb() != NONE) {
            json.writeNumberField("virt_total", mb(now.memTotalKb() + now.swapTotalKb()));
        }
        Counters.writeIfKnown(json, "real_total", mb(now.memTotalKb()));
        Counters.writeIfKnown(json, "real_free", mb(now.memFreeKb()));
        Counters.writeIfKnown(json, "virt_active_pg", now.activePages());
        Counters.writeIfKnown(json, "pgins_s", Counters.perSecond(was.pagesIn(), now.pagesIn(), seconds));
        Counters.writeIfKnown(json, "pgouts_s", Counters.perSecond(was.pagesOut(), now.pagesOut(), seconds));
        Counters.writeIfKnown(json, "pgspins_s", Counters.perSecond(was.swapIns(), now.swapIns(), seconds));
        Counters.writeIfKnown(json, "pgspouts_s", Counters.perSecond(was.swapOuts(), now.swapOuts(), seconds));
        if (now.hugePageSizeKb() != NONE) {
            json.writeObjectFieldStart("hugepage");
            json.writeNumberField("size_kb", now.hugePageSizeKb());
            Counters.writeIfKnown(json, "total", now.hugePagesTotal());
            Counters.writeIfKnown(json, "free", now.hugePagesFree());
            json.writeEndObject();
        }
        json.writeObjectFieldStart("paging");
        Counters.writeIfKnown(json, "total", mb(now.swapTotalKb()));
        Counters.writeIfKnown(json, "used_pct", swapUsedPercent(now.swapTotalKb(), now.swapFreeKb()));
        Counters.writeIfKnown(json, "faults_s", Counters.perSecond(was.faults(), now.faults(), seconds));
        json.writeEndObject();
        json.writeEndObject();
    }

    private static long mb(long kb) {
        return kb == NONE ? NONE : kb / 1024;
    }

    /** Whole percent of swap in use; 0 when none is configured, NONE when the kernel did not say. */
    private static long swapUsedPercent(long totalKb, long freeKb) {
        if (totalKb == NONE || freeKb == NONE) {
            return NONE;
        }
        if (totalKb == 0) {
            return 0;
        }
        return Math.round(100.0 * Math.max(0, totalKb - freeKb) / totalKb);
    }
}
