package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code processes} section (-p): the 10 processes that used the most CPU over the interval
 * ({@code cpu.0} the most) and the 5 that hold the most memory ({@code mem.0} the most), from
 * /proc/PID/stat. Kernel threads (flag PF_KTHREAD) and zombies are left out.
 *
 * <table>
 * <caption>Fields of {@code processes.cpu.<i>} and {@code processes.mem.<i>}</caption>
 * <tr><th>field</th><th>meaning</th></tr>
 * <tr><td>{@code pid}</td><td>the process id</td></tr>
 * <tr><td>{@code process}</td><td>its name (comm) now, JSON-escaped: a name may hold spaces, quotes and
 *     parentheses (jsonperfmon kept the name a pid first had, pasted it in unescaped, and misread every
 *     number after a space in it)</td></tr>
 * <tr><td>{@code cpu_pct}</td><td>% of one CPU over the interval, 1 decimal (above 100 for several
 *     threads, as top shows it): utime + stime; {@code cpu} only</td></tr>
 * <tr><td>{@code mem_mb}</td><td>resident memory (RSS), MiB, whole; jsonperfmon printed the virtual size</td></tr>
 * </table>
 *
 * A process started during the interval has no baseline, so it is ranked by memory only until the next
 * sample. A pid reused by a new process (a different start time) counts as new.
 */
final class ProcessesSampler implements GroupSampler {

    static final int TOP_CPU = 10;
    static final int TOP_MEMORY = 5;
    private static final long PF_KTHREAD = 0x00200000;

    /** What one reading keeps of a process. */
    private record Proc(int pid, String name, long startTicks, long cpuTicks, long rssPages) {}

    /** A process of the latest reading with its CPU use over the interval, or -1 without a baseline. */
    private record Ranked(Proc proc, double cpuPercent) {}

    /** Most CPU first, then the lower pid. */
    private static final Comparator<Ranked> BY_CPU =
            Comparator.comparingDouble(Ranked::cpuPercent).reversed().thenComparingInt(r -> r.proc().pid());
    /** Most resident memory first, then the lower pid. */
    private static final Comparator<Ranked> BY_MEMORY =
            Comparator.comparingLong((Ranked r) -> r.proc().rssPages()).reversed().thenComparingInt(r -> r.proc().pid());

    private final Path proc;
    private final String procText;
    private final Pacer pacer;
    private final long ticksPerSecond;
    private final long pageBytes;
    private final ProcFile file = new ProcFile();
    private final TwoReadings<Map<Integer, Proc>> readings = new TwoReadings<>();

    /**
     * @param ticksPerSecond USER_HZ, the unit of utime and stime (100 on every Linux ABI)
     * @param pageBytes      the size of a page, the unit of rss
     */
    ProcessesSampler(Path root, Pacer pacer, long ticksPerSecond, long pageBytes) {
        this.proc = root.resolve("proc");
        this.procText = proc.toString();
        this.pacer = pacer;
        this.ticksPerSecond = ticksPerSecond;
        this.pageBytes = pageBytes;
    }

    @Override
    public void read() throws IOException {
        Map<Integer, Proc> now = new HashMap<>(readings.after() == null ? 256 : readings.after().size() * 2);
        long nanos = pacer.nanoTime();
        String[] names = proc.toFile().list();
        if (names == null) {
            throw new IOException("cannot list " + proc);
        }
        for (String name : names) {
            if (isPid(name)) {
                Proc p = readStat(procText + "/" + name + "/stat");
                if (p != null) {
                    now.put(p.pid(), p);
                }
            }
        }
        readings.add(now, nanos);
    }

    private static boolean isPid(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** The process's stat line, or null if it ended meanwhile, is a kernel thread or a zombie. */
    private Proc readStat(String stat) {
        try {
            if (!file.load(stat) || !file.nextLine()) {
                return null;
            }
        } catch (IOException e) {
            return null; // ended between opening and reading (ESRCH), or unreadable: one process less, not a failed sample
        }
        int pid = (int) file.nextLong();
        String name = file.enclosed('(', ')');
        if (name == null) {
            return null;
        }
        char state = file.nextChar();
        long[] fields = new long[25]; // fields[k] = the k-th field of proc(5), from 4 on
        for (int k = 4; k < fields.length; k++) {
            fields[k] = file.nextLong();
        }
        if (state == 'Z' || state == 'X' || (fields[9] & PF_KTHREAD) != 0 || fields[24] == Counters.NONE) {
            return null;
        }
        return new Proc(pid, name, fields[22], fields[14] + fields[15], fields[24]);
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        Map<Integer, Proc> before = readings.before();
        Map<Integer, Proc> after = readings.after();
        double seconds = readings.seconds();
        if (seconds <= 0 || after.isEmpty()) {
            return;
        }
        List<Ranked> ranked = new ArrayList<>(after.size());
        for (Proc p : after.values()) {
            Proc was = before.get(p.pid());
            double cpu = -1;
            if (was != null && was.startTicks() == p.startTicks() && p.cpuTicks() >= was.cpuTicks()) {
                cpu = 100.0 * (p.cpuTicks() - was.cpuTicks()) / ticksPerSecond / seconds;
            }
            ranked.add(new Ranked(p, cpu));
        }
        json.writeObjectFieldStart("processes");
        json.writeObjectFieldStart("cpu");
        List<Ranked> byCpu = top(ranked, BY_CPU, TOP_CPU, true);
        for (int i = 0; i < byCpu.size(); i++) {
            json.writeObjectFieldStart(Integer.toString(i));
            writeProcess(json, byCpu.get(i).proc());
            json.writeNumberField("cpu_pct", Counters.tenths(byCpu.get(i).cpuPercent()));
            json.writeNumberField("mem_mb", mb(byCpu.get(i).proc()));
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeObjectFieldStart("mem");
        List<Ranked> byMemory = top(ranked, BY_MEMORY, TOP_MEMORY, false);
        for (int i = 0; i < byMemory.size(); i++) {
            json.writeObjectFieldStart(Integer.toString(i));
            writeProcess(json, byMemory.get(i).proc());
            json.writeNumberField("mem_mb", mb(byMemory.get(i).proc()));
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The first {@code n} by {@code order}; with {@code measuredOnly}, only those with a baseline. */
    private static List<Ranked> top(List<Ranked> all, Comparator<Ranked> order, int n, boolean measuredOnly) {
        List<Ranked> candidates = new ArrayList<>(all.size());
        for (Ranked r : all) {
            if (!measuredOnly || r.cpuPercent() >= 0) {
                candidates.add(r);
            }
        }
        candidates.sort(order);
        return candidates.subList(0, Math.min(n, candidates.size()));
    }

    private static void writeProcess(JsonGenerator json, Proc p) throws IOException {
        json.writeNumberField("pid", p.pid());
        json.writeStringField("process", p.name());
    }

    private long mb(Proc p) {
        return Math.round(p.rssPages() * (double) pageBytes / (1 << 20));
    }
}
