package dev.logq.perfmon;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs against this machine's real /proc. The pacer measures real time but waits 250 ms instead of a
 * whole period, which keeps the test fast; rates divide by the measured interval, so they stay right.
 */
class RealProcTest {

    private static final Pacer QUICK = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) throws InterruptedException {
            Thread.sleep(250);
        }
    };

    @Test
    void samplesOfThisMachineArePlausible() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux /proc");

        PerfmonRun run = PerfmonRun.run(Clock.systemUTC(), QUICK, "-A", "1", "--count", "1");
        JsonNode line = run.single();

        JsonNode cpu = line.get("cpu_total");
        assertTrue(cpu.get("active").intValue() >= 1, cpu.toString());
        assertTrue(cpu.get("context_switch_s").longValue() > 0, cpu.toString());
        assertTrue(cpu.get("run_queue_s").longValue() >= 1, "counts logq-perfmon itself: " + cpu);
        assertTrue(cpu.get("load_average").get("T0").doubleValue() >= 0, cpu.toString());
        assertSharesAddUpTo100(cpu.get("physique"));
        assertEquals(cpu.get("active").intValue(), line.get("cpus").size(), line.get("cpus").toString());
        for (Map.Entry<String, JsonNode> each : line.get("cpus").properties()) {
            assertSharesAddUpTo100(each.getValue());
        }

        JsonNode memory = line.get("memory");
        long realTotal = memory.get("real_total").longValue();
        assertTrue(realTotal > 0, memory.toString());
        assertTrue(memory.get("real_free").longValue() <= realTotal, memory.toString());
        assertTrue(memory.get("virt_total").longValue() >= realTotal, memory.toString());
        assertTrue(memory.get("virt_active_pg").longValue() > 0, memory.toString());
        assertTrue(memory.get("paging").get("faults_s").longValue() > 0, "this JVM faults pages in: " + memory);
        long swapUsed = memory.get("paging").get("used_pct").longValue();
        assertTrue(swapUsed >= 0 && swapUsed <= 100, memory.toString());
        if (memory.get("paging").get("total").longValue() == 0) {
            assertEquals(0, swapUsed, "no swap is 0 % used");
        }

        assertFalse(line.get("server").textValue().isBlank());
        assertTrue(line.get("timestamp").isIntegralNumber());

        // every whole device of /proc/diskstats that did I/O is a disk, and only those
        Set<String> expected = new TreeSet<>();
        for (String row : Files.readAllLines(Path.of("/proc/diskstats"))) {
            String[] f = row.trim().split("\\s+");
            if (Files.isDirectory(Path.of("/sys/block", f[2].replace('/', '!'))) && (Long.parseLong(f[3]) > 0 || Long.parseLong(f[7]) > 0)) {
                expected.add(f[2]);
            }
        }
        Set<String> disks = new TreeSet<>();
        line.path("disks").fieldNames().forEachRemaining(disks::add);
        assertEquals(expected, disks);
        for (JsonNode disk : line.path("disks")) {
            long busy = disk.get("busy_pct").longValue();
            assertTrue(busy >= 0 && busy <= 100, disk.toString());
        }
        for (JsonNode fs : line.path("fs")) {
            long free = fs.get("free_pct").longValue();
            assertTrue(free >= 0 && free <= 100 && fs.get("size_mb").longValue() > 0, fs.toString());
        }
        assertFalse(line.path("intfs").has("lo"), "no loopback");
        JsonNode top = line.get("processes").get("cpu").get("0");
        assertTrue(top.get("cpu_pct").doubleValue() >= 0 && top.get("mem_mb").longValue() >= 0, top.toString());
        assertTrue(line.get("processes").get("mem").size() >= 1);
    }

    private static void assertSharesAddUpTo100(JsonNode shares) {
        double sum = 0;
        for (String field : new String[] {"user_pct", "sys_pct", "wait_pct", "idle_pct", "steal_pct"}) {
            double share = shares.get(field).doubleValue();
            assertTrue(share >= 0 && share <= 100, field + " in " + shares);
            sum += share;
        }
        assertEquals(100, sum, 0.5, shares.toString());
    }
}
