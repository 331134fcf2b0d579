package dev.logq.perfmon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A counter that goes down (reset, wrap, iowait's documented decreases) must never print the 2^64-ish
 * rates jsonperfmon did: its value is left out of that sample, and the new value is the next baseline.
 */
class CounterResetTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    @Test
    void contextSwitchesThatWentDownAreLeftOutThenMeasuredFromTheNewValue() {
        time.afterSleep(() -> root.set("proc/stat", "ctxt", "ctxt 500"))
                .afterSleep(() -> root.set("proc/stat", "ctxt", "ctxt 800"));

        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "1", "--count", "2").json();

        assertFalse(lines.get(0).get("cpu_total").has("context_switch_s"));
        assertTrue(lines.get(0).get("cpu_total").has("load_average"), "the rest of the group is still printed");
        assertEquals(300, lines.get(1).get("cpu_total").get("context_switch_s").longValue());
    }

    @Test
    void pagingCounterThatWentDownIsLeftOutAndTheOthersStay() {
        time.afterSleep(() -> root
                .set("proc/vmstat", "pgpgin ", "pgpgin 12")
                .set("proc/vmstat", "pgpgout ", "pgpgout 272244"));

        JsonNode memory = PerfmonRun.run(root, time, "-m", "1", "--count", "1").single().get("memory");

        assertFalse(memory.has("pgins_s"));
        assertEquals(100, memory.get("pgouts_s").longValue());
    }

    @Test
    void cpuWhoseIowaitWentBackwardsIsLeftOutOfThatSample() {
        // cpu0's iowait decreases (Documentation/filesystems/proc.rst says it can); cpu1 is fine.
        time.afterSleep(() -> root
                .set("proc/stat", "cpu0", "cpu0 87967 0 3023 762988 100 0 23 22 0 0")
                .set("proc/stat", "cpu1", "cpu1 30019 0 4391 818169 477 0 52 21 0 0"));

        JsonNode cpus = PerfmonRun.run(root, time, "-u", "1", "--count", "1").single().get("cpus");

        assertFalse(cpus.has("0"));
        assertEquals(10.0, cpus.get("1").get("user_pct").doubleValue());
    }

    @Test
    void cpuTotalSharesAreLeftOutWhenTheCpuLineWentDown() {
        time.afterSleep(() -> root.set("proc/stat", "cpu ", "cpu  100 0 100 1000 0 0 0 0 0 0"));

        JsonNode cpu = PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("cpu_total");

        assertFalse(cpu.has("physique"));
        assertEquals(2, cpu.get("active").intValue());
    }

    @Test
    void noPrintedNumberComesNearTheSizeOfACounterAfterEverythingReset() {
        // As after a checkpoint/restore onto another host: every counter is smaller than before.
        time.afterSleep(() -> root
                .write("proc/stat", "cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 5 0 5 50 0 0 0 0 0 0\n"
                        + "cpu1 5 0 5 50 0 0 0 0 0 0\nctxt 50\nprocs_running 1\n")
                .set("proc/vmstat", "pgpgin ", "pgpgin 1")
                .set("proc/vmstat", "pgpgout ", "pgpgout 1")
                .set("proc/vmstat", "pgfault ", "pgfault 1")
                .set("proc/diskstats", " 254       0 vda ", " 254       0 vda 10 0 80 1 10 0 80 1 0 2 2 0 0 0 0 0 0")
                .set("proc/net/dev", "  eth0:", "  eth0:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0")
                .set("proc/net/rpc/nfs", "proc3 ", "proc3 22 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
                .set("proc/902/stat", "902 ", "902 (postgres) S 1 902 902 0 -1 4194560 880112 0 40 0 9 1 0 0 20 0 1 0 1800 452112384 65536 0"));

        JsonNode line = PerfmonRun.run(root, time, "-A", "1", "--count", "1").single();

        assertFalse(line.get("disks").has("vda"), "a disk whose counters went down waits for its next baseline");
        assertTrue(line.get("disks").has("nvme0n1"), "the others are still there");
        assertFalse(line.get("intfs").has("eth0"));
        assertFalse(line.has("nfsv3"));
        ((ObjectNode) line).remove("timestamp"); // epoch seconds, the one big number
        assertEveryNumberIsSmallAndNotNegative(line, line);
    }

    private static void assertEveryNumberIsSmallAndNotNegative(JsonNode node, JsonNode line) {
        if (node.isNumber()) {
            assertTrue(node.doubleValue() >= 0 && node.doubleValue() < 1e9, node + " in " + line);
        }
        for (JsonNode child : node) {
            assertEveryNumberIsSmallAndNotNegative(child, line);
        }
    }
}
