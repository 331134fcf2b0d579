package dev.logq.perfmon;

import static dev.logq.perfmon.Counters.NONE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Takes {@link Reading}s from the kernel's files under a root directory ({@code /} in production, a
 * fake tree in tests), reading only what the enabled groups need, through one reused buffer.
 *
 * <table>
 * <caption>Files read (paths under the root)</caption>
 * <tr><th>file</th><th>what is taken</th><th>needed by</th><th>if absent</th></tr>
 * <tr><td>proc/stat</td><td>{@code cpu}, {@code cpuN} (8 columns), {@code ctxt}, {@code procs_running}</td>
 *     <td>-t, -u</td><td>refused at start</td></tr>
 * <tr><td>proc/loadavg</td><td>the first three fields</td><td>-t</td><td>refused at start</td></tr>
 * <tr><td>proc/cpuinfo</td><td>every {@code cpu MHz} line, once a minute</td><td>-t</td><td>{@code processorMHZ} left out</td></tr>
 * <tr><td>proc/meminfo</td><td>{@code MemTotal MemFree SwapTotal SwapFree Hugepagesize HugePages_Total
 *     HugePages_Free}</td><td>-m</td><td>refused at start</td></tr>
 * <tr><td>proc/vmstat</td><td>{@code nr_active_anon nr_active_file pgpgin pgpgout pswpin pswpout
 *     pgfault}</td><td>-m</td><td>refused at start</td></tr>
 * <tr><td>proc/sys/kernel/hostname, else etc/hostname</td><td>{@code server}, read once at start</td>
 *     <td>all</td><td>refused at start</td></tr>
 * </table>
 *
 * A key missing from a file that is present (an older or differently configured kernel) reads as
 * {@link Counters#NONE}, and the fields made from it are left out.
 */
final class HostReader {

    /**
     * How often /proc/cpuinfo is read again: the kernel builds it CPU by CPU, slowly (tens of µs, more
     * with many CPUs), and jsonperfmon read the clock once at start; once a minute follows frequency scaling.
     */
    private static final long MHZ_EVERY_NANOS = 60_000_000_000L;
    private static final String[] MEMINFO_KEYS = {
        "MemTotal:", "MemFree:", "SwapTotal:", "SwapFree:", "Hugepagesize:", "HugePages_Total:", "HugePages_Free:"
    };
    private static final String[] VMSTAT_KEYS = {
        "nr_active_anon ", "nr_active_file ", "pgpgin ", "pgpgout ", "pswpin ", "pswpout ", "pgfault "
    };

    private final Path stat;
    private final Path loadavg;
    private final Path cpuinfo;
    private final Path meminfo;
    private final Path vmstat;
    private final boolean readStat;
    private final boolean readCpuTotal;
    private final boolean readMemory;
    private final InstantSource clock;
    private final Pacer pacer;
    private final ProcFile file = new ProcFile();
    private final long[] meminfoValues = new long[MEMINFO_KEYS.length];
    private final long[] vmstatValues = new long[VMSTAT_KEYS.length];
    private int cpuCount = 4;
    private double mhz = Double.NaN;
    private long mhzReadAt = Long.MIN_VALUE;

    /**
     * @throws IllegalArgumentException if a file the groups need is missing
     */
    HostReader(Path root, Set<Group> groups, InstantSource clock, Pacer pacer) {
        this.stat = root.resolve("proc/stat");
        this.loadavg = root.resolve("proc/loadavg");
        this.cpuinfo = root.resolve("proc/cpuinfo");
        this.meminfo = root.resolve("proc/meminfo");
        this.vmstat = root.resolve("proc/vmstat");
        this.readStat = groups.contains(Group.CPU_TOTAL) || groups.contains(Group.CPUS);
        this.readCpuTotal = groups.contains(Group.CPU_TOTAL);
        this.readMemory = groups.contains(Group.MEMORY);
        this.clock = clock;
        this.pacer = pacer;
        if (readStat) {
            requireFile(root, stat);
        }
        if (readCpuTotal) {
            requireFile(root, loadavg);
        }
        if (readMemory) {
            requireFile(root, meminfo);
            requireFile(root, vmstat);
        }
    }

    /**
     * The host's name, as the kernel has it.
     *
     * @throws IllegalArgumentException if neither file names it
     */
    static String hostname(Path root) throws IOException {
        ProcFile file = new ProcFile();
        for (Path candidate : List.of(root.resolve("proc/sys/kernel/hostname"), root.resolve("etc/hostname"))) {
            if (file.load(candidate)) {
                String name = file.text();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        }
        throw new IllegalArgumentException("no host name in " + root.resolve("proc/sys/kernel/hostname") + " or "
                + root.resolve("etc/hostname") + " (is --root " + root + " a Linux root with /proc mounted?)");
    }

    /** Reads everything the enabled groups need, now. */
    Reading read() throws IOException {
        long nanos = pacer.nanoTime();
        Reading.Stat cpu = readStat ? readStat() : null;
        Reading.LoadAverage load = readCpuTotal ? readLoadAverage() : null;
        double mhz = Double.NaN;
        if (readCpuTotal) {
            if (mhzReadAt == Long.MIN_VALUE || nanos - mhzReadAt >= MHZ_EVERY_NANOS) {
                this.mhz = readMhz();
                mhzReadAt = nanos;
            }
            mhz = this.mhz;
        }
        Reading.Memory memory = readMemory ? readMemory() : null;
        return new Reading(nanos, clock.instant(), cpu, load, mhz, memory);
    }

    private Reading.Stat readStat() throws IOException {
        mustLoad(stat);
        Reading.CpuTimes total = null;
        List<Reading.CpuTimes> cpus = new ArrayList<>(cpuCount);
        long contextSwitches = NONE;
        long procsRunning = NONE;
        while (file.nextLine()) {
            if (file.startsWith("cpu ")) {
                total = cpuTimes(-1);
            } else if (file.startsWith("cpu") && file.atDigit()) {
                cpus.add(cpuTimes((int) file.nextLong()));
            } else if (file.startsWith("ctxt ")) {
                contextSwitches = file.nextLong();
            } else if (file.startsWith("procs_running ")) {
                procsRunning = file.nextLong();
            }
        }
        if (total == null) {
            throw new IOException(stat + " has no 'cpu ' line; is it a Linux /proc/stat?");
        }
        cpuCount = cpus.size();
        return new Reading.Stat(total, List.copyOf(cpus), contextSwitches, procsRunning);
    }

    private Reading.CpuTimes cpuTimes(int id) {
        return new Reading.CpuTimes(id, column(), column(), column(), column(), column(), column(), column(), column());
    }

    /** The next column of a cpu line; kernels before 2.6.11 print fewer, and the missing ones count 0. */
    private long column() {
        long value = file.nextLong();
        return value == NONE ? 0 : value;
    }

    private Reading.LoadAverage readLoadAverage() throws IOException {
        mustLoad(loadavg);
        if (!file.nextLine()) {
            throw new IOException(loadavg + " is empty");
        }
        return new Reading.LoadAverage(file.nextDecimal(), file.nextDecimal(), file.nextDecimal());
    }

    private double readMhz() throws IOException {
        if (!file.load(cpuinfo)) {
            return Double.NaN;
        }
        double sum = 0;
        int count = 0;
        while (file.nextLine()) {
            if (file.startsWith("cpu MHz")) {
                double mhz = file.nextDecimal();
                if (!Double.isNaN(mhz)) {
                    sum += mhz;
                    count++;
                }
            }
        }
        return count > 0 ? sum / count : Double.NaN;
    }

    private Reading.Memory readMemory() throws IOException {
        readKeyed(meminfo, MEMINFO_KEYS, meminfoValues);
        readKeyed(vmstat, VMSTAT_KEYS, vmstatValues);
        long[] m = meminfoValues;
        long[] v = vmstatValues;
        long active = v[0] == NONE || v[1] == NONE ? NONE : v[0] + v[1];
        return new Reading.Memory(m[0], m[1], m[2], m[3], m[4], m[5], m[6], active, v[2], v[3], v[4], v[5], v[6]);
    }

    /** Fills {@code values[i]} with the number after {@code keys[i]}, or NONE if no line starts with it. */
    private void readKeyed(Path path, String[] keys, long[] values) throws IOException {
        mustLoad(path);
        Arrays.fill(values, NONE);
        while (file.nextLine()) {
            for (int i = 0; i < keys.length; i++) {
                if (file.startsWith(keys[i])) {
                    values[i] = file.nextLong();
                    break;
                }
            }
        }
    }

    private void mustLoad(Path path) throws IOException {
        if (!file.load(path)) {
            throw new IOException("cannot read " + path + ": it disappeared");
        }
    }

    private static void requireFile(Path root, Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + path
                    + " (is --root " + root + " a Linux root with /proc mounted?)");
        }
    }
}
