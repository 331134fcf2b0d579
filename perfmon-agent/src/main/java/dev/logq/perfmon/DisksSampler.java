package dev.logq.perfmon;

import static dev.logq.perfmon.Counters.NONE;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code disks} section (-s): every whole block device of /proc/diskstats (those with a directory in
 * /sys/block: disks, dm and md devices, not partitions) that has done any I/O since boot, keyed by its
 * kernel name. jsonperfmon read only major numbers 8 and 253, so virtio ({@code vda}) and NVMe
 * ({@code nvme0n1}) disks were missing.
 *
 * <table>
 * <caption>Fields of {@code disks.<name>} (columns of /proc/diskstats, Documentation/admin-guide/iostats.rst)</caption>
 * <tr><th>field</th><th>unit</th><th>source</th></tr>
 * <tr><td>{@code busy_pct}</td><td>% of the interval, whole, 0-100</td><td>time spent doing I/Os (io_ticks);
 *     jsonperfmon's ran to 1000</td></tr>
 * <tr><td>{@code read.blocks_s}, {@code write.blocks_s}</td><td>512-byte sectors per second, whole</td>
 *     <td>sectors read, sectors written</td></tr>
 * <tr><td>{@code read.time_avg_us}, {@code write.time_avg_us}</td><td>µs per completed I/O, whole; 0 with none</td>
 *     <td>time reading / reads completed, time writing / writes completed</td></tr>
 * <tr><td>{@code queue.time_avg_us}</td><td>µs per completed I/O, whole</td><td>weighted time in queue / I/Os
 *     completed (iostat's await); jsonperfmon printed milliseconds here</td></tr>
 * <tr><td>{@code queue.write_len_avg}, {@code queue.read_len_avg}</td><td>I/Os in flight on average, 2 decimals</td>
 *     <td>time writing (reading) / the interval: iostat's aqu-sz split by direction; jsonperfmon printed
 *     merged I/Os per second under these names</td></tr>
 * <tr><td>{@code queue.wq_depth}</td><td>I/Os</td><td>I/Os in flight at the reading</td></tr>
 * </table>
 *
 * A device is left out of a sample when it has no baseline (it just appeared) or a counter went down.
 */
final class DisksSampler implements GroupSampler {

    /** Columns of a diskstats line kept, in this order, after major, minor and the name. */
    private static final int READS = 0;
    private static final int READ_SECTORS = 2;
    private static final int READ_MS = 3;
    private static final int WRITES = 4;
    private static final int WRITE_SECTORS = 6;
    private static final int WRITE_MS = 7;
    private static final int IN_FLIGHT = 8;
    private static final int IO_MS = 9;
    private static final int WEIGHTED_MS = 10;
    private static final int COLUMNS = 11;

    private final Path diskstats;
    private final Path sysBlock;
    private final Pacer pacer;
    private final ProcFile file = new ProcFile();
    private final Map<String, Boolean> whole = new HashMap<>();
    private final TwoReadings<Map<String, long[]>> readings = new TwoReadings<>();

    DisksSampler(Path root, Pacer pacer) {
        this.diskstats = root.resolve("proc/diskstats");
        this.sysBlock = root.resolve("sys/block");
        this.pacer = pacer;
    }

    @Override
    public void read() throws IOException {
        Map<String, long[]> now = new LinkedHashMap<>();
        long nanos = pacer.nanoTime();
        if (file.load(diskstats)) {
            while (file.nextLine()) {
                file.nextLong();
                file.nextLong();
                String name = file.nextWord(' ');
                if (name == null || !isWholeDevice(name)) {
                    continue;
                }
                long[] columns = file.nextLongs(COLUMNS);
                if (columns[READS] > 0 || columns[WRITES] > 0) {
                    now.put(name, columns);
                }
            }
        }
        readings.add(now, nanos);
    }

    private boolean isWholeDevice(String name) {
        // /sys/block spells a '/' in a kernel name (cciss/c0d0) as '!'.
        return whole.computeIfAbsent(name, n -> Files.isDirectory(sysBlock.resolve(n.replace('/', '!'))));
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        Map<String, long[]> before = readings.before();
        Map<String, long[]> after = readings.after();
        double seconds = readings.seconds();
        if (seconds <= 0 || after.isEmpty()) {
            return;
        }
        double ms = seconds * 1000;
        json.writeObjectFieldStart("disks");
        for (Map.Entry<String, long[]> disk : after.entrySet()) {
            long[] was = before.get(disk.getKey());
            long[] d = was == null ? null : deltas(was, disk.getValue());
            if (d == null) {
                continue;
            }
            json.writeObjectFieldStart(disk.getKey());
            json.writeNumberField("busy_pct", Math.min(100, Math.round(100 * d[IO_MS] / ms)));
            json.writeObjectFieldStart("read");
            json.writeNumberField("blocks_s", Math.round(d[READ_SECTORS] / seconds));
            json.writeNumberField("time_avg_us", perIo(d[READ_MS], d[READS]));
            json.writeEndObject();
            json.writeObjectFieldStart("write");
            json.writeNumberField("blocks_s", Math.round(d[WRITE_SECTORS] / seconds));
            json.writeNumberField("time_avg_us", perIo(d[WRITE_MS], d[WRITES]));
            json.writeEndObject();
            json.writeObjectFieldStart("queue");
            json.writeNumberField("time_avg_us", perIo(d[WEIGHTED_MS], d[READS] + d[WRITES]));
            json.writeNumberField("write_len_avg", hundredths(d[WRITE_MS] / ms));
            json.writeNumberField("read_len_avg", hundredths(d[READ_MS] / ms));
            json.writeNumberField("wq_depth", disk.getValue()[IN_FLIGHT]);
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** Each column's growth (IN_FLIGHT keeps its gauge), or null if a counter went down. */
    private static long[] deltas(long[] was, long[] now) {
        long[] d = new long[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            d[i] = i == IN_FLIGHT ? now[i] : Counters.delta(was[i], now[i]);
            if (d[i] == NONE) {
                return null;
            }
        }
        return d;
    }

    /** Microseconds per I/O from milliseconds spent on {@code ios} of them; 0 when there were none. */
    private static long perIo(long ms, long ios) {
        return ios == 0 ? 0 : Math.round(1000.0 * ms / ios);
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
