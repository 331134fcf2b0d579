package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code nfsv3} section (-n): the NFS version 3 client's calls, from the {@code proc3} line of
 * /proc/net/rpc/nfs, whose columns are the procedures in RFC 1813's numbering (null, getattr, setattr,
 * lookup, access, readlink, read, write, ...), the same on every kernel. Written only while the host has
 * an NFS client that has made version 3 calls.
 *
 * <table>
 * <caption>Fields of {@code nfsv3}</caption>
 * <tr><th>field</th><th>meaning</th></tr>
 * <tr><td>{@code calls_s}</td><td>version 3 calls per second, whole</td></tr>
 * <tr><td>{@code access_pct}, {@code read_pct}, {@code write_pct}, {@code lookup_pct}</td><td>% of those calls, 1 decimal</td></tr>
 * <tr><td>{@code attrGetSet_pct}</td><td>% that were getattr or setattr</td></tr>
 * </table>
 *
 * {@code nfsv4} is not written: the order of the {@code proc4} columns is the kernel's internal table,
 * which changed between kernel versions, so a share computed from it would be right on some kernels only
 * (jsonperfmon also read v3 and v4 swapped).
 */
final class NfsSampler implements GroupSampler {

    private static final int GETATTR = 1;
    private static final int SETATTR = 2;
    private static final int LOOKUP = 3;
    private static final int ACCESS = 4;
    private static final int READ = 6;
    private static final int WRITE = 7;
    private static final int PROCEDURES = 22;

    private final Path rpcNfs;
    private final Pacer pacer;
    private final ProcFile file = new ProcFile();
    private final TwoReadings<long[]> readings = new TwoReadings<>();

    NfsSampler(Path root, Pacer pacer) {
        this.rpcNfs = root.resolve("proc/net/rpc/nfs");
        this.pacer = pacer;
    }

    @Override
    public void read() throws IOException {
        long[] now = null;
        long nanos = pacer.nanoTime();
        if (file.load(rpcNfs)) {
            while (file.nextLine()) {
                if (file.startsWith("proc3 ") && file.nextLong() == PROCEDURES) {
                    now = file.nextLongs(PROCEDURES);
                }
            }
        }
        readings.add(now, nanos);
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        long[] before = readings.before();
        long[] after = readings.after();
        double seconds = readings.seconds();
        if (seconds <= 0 || after == null) {
            return;
        }
        long[] d = new long[PROCEDURES];
        long calls = 0;
        for (int i = 0; i < PROCEDURES; i++) {
            d[i] = Counters.delta(before[i], after[i]);
            if (d[i] == Counters.NONE) {
                return;
            }
            calls += d[i];
        }
        if (calls == 0 && sum(after) == 0) {
            return; // the module is loaded, but nothing is mounted over version 3
        }
        double share = calls == 0 ? 0 : 100.0 / calls;
        json.writeObjectFieldStart("nfsv3");
        json.writeNumberField("calls_s", Math.round(calls / seconds));
        json.writeNumberField("access_pct", Counters.tenths(d[ACCESS] * share));
        json.writeNumberField("read_pct", Counters.tenths(d[READ] * share));
        json.writeNumberField("write_pct", Counters.tenths(d[WRITE] * share));
        json.writeNumberField("lookup_pct", Counters.tenths(d[LOOKUP] * share));
        json.writeNumberField("attrGetSet_pct", Counters.tenths((d[GETATTR] + d[SETATTR]) * share));
        json.writeEndObject();
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }
}
