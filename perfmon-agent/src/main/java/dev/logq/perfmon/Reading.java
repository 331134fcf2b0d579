package dev.logq.perfmon;

import java.time.Instant;
import java.util.List;

/**
 * One look at the host's counters and gauges, taken by {@link HostReader} at one moment. Parts the
 * enabled groups do not need are {@code null}; a number the kernel did not provide is
 * {@link Counters#NONE}.
 *
 * @param nanos  {@link Pacer#nanoTime()} when the reading was taken; rates divide by differences of it
 * @param time   wall-clock time of the reading, printed as {@code timestamp}
 * @param stat   from /proc/stat, or null
 * @param load   from /proc/loadavg, or null
 * @param mhz    average {@code cpu MHz} over /proc/cpuinfo, or NaN when the kernel does not say (ARM, s390)
 * @param memory from /proc/meminfo and /proc/vmstat, or null
 */
record Reading(long nanos, Instant time, Stat stat, LoadAverage load, double mhz, Memory memory) {

    /** Seconds from {@code before} to this reading, or 0 if time did not advance. */
    double secondsSince(Reading before) {
        long elapsed = nanos - before.nanos;
        return elapsed > 0 ? elapsed / 1e9 : 0;
    }

    /**
     * Cumulative CPU time of one CPU (or all of them) in USER_HZ ticks, the columns of a {@code cpu} line
     * of /proc/stat in kernel order. {@code user} and {@code nice} already include guest time, so the
     * guest columns are not read. Columns an older kernel does not print are 0.
     *
     * @param id the N of {@code cpuN}, or -1 for the {@code cpu} line that sums all CPUs
     */
    record CpuTimes(int id, long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {}

    /**
     * The parts of /proc/stat the CPU groups use.
     *
     * @param total           the {@code cpu} line
     * @param cpus            the {@code cpuN} lines, online CPUs only, in file order
     * @param contextSwitches {@code ctxt}, cumulative
     * @param procsRunning    {@code procs_running}, a gauge
     */
    record Stat(CpuTimes total, List<CpuTimes> cpus, long contextSwitches, long procsRunning) {}

    /** The 1, 5 and 15 minute load averages of /proc/loadavg. */
    record LoadAverage(double one, double five, double fifteen) {}

    /**
     * The parts of /proc/meminfo (kB unless said) and /proc/vmstat the memory group uses.
     *
     * @param activePages {@code nr_active_anon + nr_active_file}, in pages
     * @param pagesIn     {@code pgpgin}, cumulative, in KiB despite the name
     * @param pagesOut    {@code pgpgout}, cumulative KiB
     * @param swapIns     {@code pswpin}, cumulative pages
     * @param swapOuts    {@code pswpout}, cumulative pages
     * @param faults      {@code pgfault}, cumulative count (minor and major)
     */
    record Memory(
            long memTotalKb,
            long memFreeKb,
            long swapTotalKb,
            long swapFreeKb,
            long hugePageSizeKb,
            long hugePagesTotal,
            long hugePagesFree,
            long activePages,
            long pagesIn,
            long pagesOut,
            long swapIns,
            long swapOuts,
            long faults) {}
}
