package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** intfs (-i) from /proc/net/dev and nfsv3 (-n) from /proc/net/rpc/nfs, two seconds apart. */
class NetworkAndNfsTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    @Test
    void interfacesButTheLoopbackWithRatesOverTheIntervalAndCountsSinceBoot() {
        // eth0's in-bytes counter has 8 digits (jsonperfmon printed 63447192 as 3447192); 2 s later it grew by 2,000,000.
        time.afterSleep(() -> root.set("proc/net/dev", "  eth0:",
                "  eth0: 65447192   16919    2    5    0     0          0         0   989008    8593    1    3    0     4       0          0"));

        JsonNode intfs = PerfmonRun.run(root, time, "-i", "2", "--count", "1").single().get("intfs");

        assertEquals(List.of("eth0", "ens5"), OutputFormatTest.names(intfs), "no lo, and no colon in the name");
        JsonNode eth0 = intfs.get("eth0");
        assertEquals(1_000_000, eth0.get("in").get("bytes_s").longValue());
        assertEquals(1000, eth0.get("in").get("packets_s").longValue());
        assertEquals(50_000, eth0.get("out").get("bytes_s").longValue());
        assertEquals(500, eth0.get("out").get("packets_s").longValue());
        assertEquals(2, eth0.get("in").get("errors").longValue());
        assertEquals(1, eth0.get("out").get("errors").longValue());
        assertEquals(4, eth0.get("collisions").longValue());
        assertEquals(8, eth0.get("drops").longValue(), "dropped in and out");
        assertEquals(0, intfs.get("ens5").get("in").get("bytes_s").longValue(), "a 13-digit counter that did not move");
    }

    @Test
    void theFirstNetworkSampleIsARateNotTheCountSinceBoot() {
        JsonNode eth0 = PerfmonRun.run(root, time.afterSleep(() -> {}), "-i", "1", "--count", "1").single().get("intfs").get("eth0");

        assertEquals(0, eth0.get("in").get("bytes_s").longValue(), "jsonperfmon printed 63447192 here");
    }

    @Test
    void anInterfaceThatAppearsWaitsForItsBaseline() {
        time.afterSleep(() -> root.write("proc/net/dev", String.join("\n", root.lines("proc/net/dev"))
                + "\n  wg0:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0\n"));

        JsonNode intfs = PerfmonRun.run(root, time, "-i", "1", "--count", "1").single().get("intfs");

        assertFalse(intfs.has("wg0"));
        assertTrue(intfs.has("eth0"));
    }

    @Test
    void nfsv3SharesAreOfTheVersion3CallsInTheInterval() {
        // in 1 s: 1000 calls: getattr 300, setattr 100, lookup 200, access 100, read 250, write 50
        time.afterSleep(() -> root.set("proc/net/rpc/nfs", "proc3 ",
                "proc3 22 0 20300 200 8200 6100 0 10250 4050 200 10 0 0 50 10 20 0 300 0 10 5 0 3305"));

        JsonNode nfs = PerfmonRun.run(root, time, "-n", "1", "--count", "1").single().get("nfsv3");

        assertEquals(1000, nfs.get("calls_s").longValue());
        assertEquals(10.0, nfs.get("access_pct").doubleValue());
        assertEquals(25.0, nfs.get("read_pct").doubleValue());
        assertEquals(5.0, nfs.get("write_pct").doubleValue());
        assertEquals(20.0, nfs.get("lookup_pct").doubleValue());
        assertEquals(40.0, nfs.get("attrGetSet_pct").doubleValue());
    }

    @Test
    void noNfsSectionWithoutAVersion3ClientThatWasEverUsed() {
        root.set("proc/net/rpc/nfs", "proc3 ", "proc3 22 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
        assertFalse(PerfmonRun.run(root, time.afterSleep(() -> {}), "-n", "1", "-t", "1", "--count", "1").single().has("nfsv3"));

        root.delete("proc/net/rpc/nfs");
        PerfmonRun run = PerfmonRun.run(root, new FakeTime(), "-n", "1", "-t", "1", "--count", "1");
        assertFalse(run.single().has("nfsv3"));
    }
}
