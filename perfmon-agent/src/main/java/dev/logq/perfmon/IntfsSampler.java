package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code intfs} section (-i): each network interface of /proc/net/dev but the loopback, keyed by its
 * name (jsonperfmon kept the colon: {@code "eth0:"}).
 *
 * <table>
 * <caption>Fields of {@code intfs.<name>}</caption>
 * <tr><th>field</th><th>unit</th><th>source (columns of /proc/net/dev)</th></tr>
 * <tr><td>{@code in.packets_s}, {@code out.packets_s}</td><td>per second, whole</td><td>packets received, sent</td></tr>
 * <tr><td>{@code in.errors}, {@code out.errors}</td><td>count since boot</td><td>errs, as jsonperfmon printed them</td></tr>
 * <tr><td>{@code in.bytes_s}, {@code out.bytes_s}</td><td>bytes per second, whole</td><td>bytes received, sent;
 *     jsonperfmon lost the first digit of 8-digit counters and printed its first sample cumulative</td></tr>
 * <tr><td>{@code collisions}</td><td>count since boot</td><td>colls</td></tr>
 * <tr><td>{@code drops}</td><td>count since boot</td><td>drop received + drop sent</td></tr>
 * </table>
 *
 * An interface is left out of a sample when it has no baseline or a counter went down (a driver reset).
 */
final class IntfsSampler implements GroupSampler {

    private static final int IN_BYTES = 0;
    private static final int IN_PACKETS = 1;
    private static final int IN_ERRORS = 2;
    private static final int IN_DROPS = 3;
    private static final int OUT_BYTES = 8;
    private static final int OUT_PACKETS = 9;
    private static final int OUT_ERRORS = 10;
    private static final int OUT_DROPS = 11;
    private static final int COLLISIONS = 13;
    private static final int COLUMNS = 16;

    private final Path netDev;
    private final Pacer pacer;
    private final ProcFile file = new ProcFile();
    private final TwoReadings<Map<String, long[]>> readings = new TwoReadings<>();

    IntfsSampler(Path root, Pacer pacer) {
        this.netDev = root.resolve("proc/net/dev");
        this.pacer = pacer;
    }

    @Override
    public void read() throws IOException {
        Map<String, long[]> now = new LinkedHashMap<>();
        long nanos = pacer.nanoTime();
        if (file.load(netDev)) {
            while (file.nextLine()) {
                String name = file.nextWord(':');
                if (name == null || name.equals("lo") || name.startsWith("Inter-") || name.equals("face")) {
                    continue; // the two header lines, and the loopback
                }
                now.put(name, file.nextLongs(COLUMNS));
            }
        }
        readings.add(now, nanos);
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        Map<String, long[]> before = readings.before();
        Map<String, long[]> after = readings.after();
        double seconds = readings.seconds();
        if (seconds <= 0 || after.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("intfs");
        for (Map.Entry<String, long[]> intf : after.entrySet()) {
            long[] was = before.get(intf.getKey());
            long[] now = intf.getValue();
            if (was == null) {
                continue;
            }
            long inPackets = Counters.perSecond(was[IN_PACKETS], now[IN_PACKETS], seconds);
            long inBytes = Counters.perSecond(was[IN_BYTES], now[IN_BYTES], seconds);
            long outPackets = Counters.perSecond(was[OUT_PACKETS], now[OUT_PACKETS], seconds);
            long outBytes = Counters.perSecond(was[OUT_BYTES], now[OUT_BYTES], seconds);
            if (inPackets == Counters.NONE || inBytes == Counters.NONE || outPackets == Counters.NONE
                    || outBytes == Counters.NONE || now[COLLISIONS] == Counters.NONE) {
                continue;
            }
            json.writeObjectFieldStart(intf.getKey());
            json.writeObjectFieldStart("in");
            json.writeNumberField("packets_s", inPackets);
            json.writeNumberField("errors", now[IN_ERRORS]);
            json.writeNumberField("bytes_s", inBytes);
            json.writeEndObject();
            json.writeObjectFieldStart("out");
            json.writeNumberField("packets_s", outPackets);
            json.writeNumberField("errors", now[OUT_ERRORS]);
            json.writeNumberField("bytes_s", outBytes);
            json.writeEndObject();
            json.writeNumberField("collisions", now[COLLISIONS]);
            json.writeNumberField("drops", now[IN_DROPS] + now[OUT_DROPS]);
            json.writeEndObject();
        }
        json.writeEndObject();
    }
}
