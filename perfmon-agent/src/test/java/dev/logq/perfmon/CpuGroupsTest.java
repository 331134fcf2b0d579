package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cpu_total and cpus from two readings with known differences. The baseline is the fixture's /proc/stat:
 *
 * <pre>
 * cpu  117926 0 7394 1581002 581 0 76 43 0 0
 * cpu0 87917 0 3013 762913 103 0 23 22 0 0
 * cpu1 30009 0 4381 818089 477 0 52 21 0 0
 * ctxt 1428647
 * </pre>
 *
 * One second later (USER_HZ 100, two CPUs, so 100 ticks each), columns user nice system idle iowait irq
 * softirq steal grew by: cpu0 35 10 10 40 3 1 1 0; cpu1 5 0 5 75 0 0 0 15; cpu (their sum) 40 10 15 115 3
 * 1 1 15.
 */
class CpuGroupsTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void oneSecondLater() {
        root = new FakeRoot(tmp);
        time.afterSleep(() -> root
                .set("proc/stat", "cpu ", "cpu  117966 10 7409 1581117 584 1 77 58 0 0")
                .set("proc/stat", "cpu0", "cpu0 87952 10 3023 762953 106 1 24 22 0 0")
                .set("proc/stat", "cpu1", "cpu1 30014 0 4386 818164 477 0 52 36 0 0")
                .set("proc/stat", "ctxt", "ctxt 1432968")
                .set("proc/stat", "procs_running", "procs_running 3")
                .write("proc/loadavg", "1.25 0.68 0.07 3/146 28130\n"));
    }

    @Test
    void cpuTotalSharesAreThePercentOfTicksOfEachKind() {
        JsonNode physique = PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("cpu_total").get("physique");

        // 200 ticks: user+nice 50, system+irq+softirq 17, iowait 3, idle 115, steal 15
        assertEquals(25.0, physique.get("user_pct").doubleValue());
        assertEquals(8.5, physique.get("sys_pct").doubleValue());
        assertEquals(1.5, physique.get("wait_pct").doubleValue());
        assertEquals(57.5, physique.get("idle_pct").doubleValue());
        assertEquals(7.5, physique.get("steal_pct").doubleValue());
    }

    @Test
    void cpuTotalCountsCpusRatesAndGauges() {
        JsonNode cpu = PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("cpu_total");

        assertEquals(2, cpu.get("active").intValue());
        assertEquals(2596, cpu.get("processorMHZ").longValue()); // both cpu MHz lines say 2596.150
        assertEquals(3, cpu.get("run_queue_s").longValue()); // procs_running at the second reading
        assertEquals(4321, cpu.get("context_switch_s").longValue());
        assertEquals(1.25, cpu.get("load_average").get("T0").doubleValue());
        assertEquals(0.68, cpu.get("load_average").get("T5").doubleValue());
        assertEquals(0.07, cpu.get("load_average").get("T15").doubleValue());
    }

    @Test
    void contextSwitchesAreDividedByThePeriod() {
        // -p 2 is a 2 s period: the same 4321 switches are 2160.5 per second, printed whole.
        JsonNode cpu = PerfmonRun.run(root, time, "-t", "2", "--count", "1").single().get("cpu_total");

        assertEquals(2161, cpu.get("context_switch_s").longValue());
    }

    @Test
    void eachCpuHasItsOwnShares() {
        JsonNode cpus = PerfmonRun.run(root, time, "-u", "1", "--count", "1").single().get("cpus");

        assertEquals(45.0, cpus.get("0").get("user_pct").doubleValue());
        assertEquals(12.0, cpus.get("0").get("sys_pct").doubleValue());
        assertEquals(3.0, cpus.get("0").get("wait_pct").doubleValue());
        assertEquals(40.0, cpus.get("0").get("idle_pct").doubleValue());
        assertEquals(0.0, cpus.get("0").get("steal_pct").doubleValue());
        assertEquals(5.0, cpus.get("1").get("user_pct").doubleValue());
        assertEquals(5.0, cpus.get("1").get("sys_pct").doubleValue());
        assertEquals(0.0, cpus.get("1").get("wait_pct").doubleValue());
        assertEquals(75.0, cpus.get("1").get("idle_pct").doubleValue());
        assertEquals(15.0, cpus.get("1").get("steal_pct").doubleValue());
    }

    @Test
    void processorMhzIsTheMeanOverCpus() {
        root.set("proc/cpuinfo", "cpu MHz", "cpu MHz\t\t: 1200.000");

        JsonNode cpu = PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("cpu_total");

        assertEquals(1898, cpu.get("processorMHZ").longValue()); // (1200 + 2596.15) / 2 = 1898.075
    }

    @Test
    void processorMhzIsLeftOutWhenTheKernelDoesNotSay() {
        root.write("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd\n"); // as on arm64

        JsonNode cpu = PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("cpu_total");

        assertFalse(cpu.has("processorMHZ"));
        assertEquals(2, cpu.get("active").intValue());
    }

    @Test
    void cpusAreKeyedByKernelNumberSoAnOfflineCpuLeavesAGap() {
        // cpu1 went offline: the kernel drops its line; cpu2 keeps its number.
        root.write("proc/stat", "cpu  300 0 300 3000 0 0 0 0 0 0\ncpu0 100 0 100 1000 0 0 0 0 0 0\n"
                + "cpu2 100 0 100 1000 0 0 0 0 0 0\nctxt 10\nprocs_running 1\n");
        FakeTime later = new FakeTime().afterSleep(() -> root.write("proc/stat",
                "cpu  400 0 400 3300 0 0 0 0 0 0\ncpu0 150 0 150 1100 0 0 0 0 0 0\n"
                        + "cpu2 150 0 150 1100 0 0 0 0 0 0\nctxt 20\nprocs_running 1\n"));

        JsonNode cpus = PerfmonRun.run(root, later, "-u", "1", "--count", "1").single().get("cpus");

        assertEquals(2, cpus.size());
        assertEquals(25.0, cpus.get("0").get("user_pct").doubleValue());
        assertEquals(25.0, cpus.get("2").get("user_pct").doubleValue());
    }

    @Test
    void aHostWithManyCpusAndSomeOfflineHasEachOnlineOneUnderItsKernelNumber() {
        // 64 CPUs, 8 to 15 offline (no cpuN line); each online one 100 ticks in the second, 30 of them user
        StringBuilder before = new StringBuilder("cpu  0 0 0 0 0 0 0 0 0 0\n");
        StringBuilder after = new StringBuilder("cpu  1680 0 0 3920 0 0 0 0 0 0\n");
        for (int c = 0; c < 64; c++) {
            if (c < 8 || c > 15) {
                before.append("cpu").append(c).append(" 1000 0 0 5000 0 0 0 0 0 0\n");
                after.append("cpu").append(c).append(" 1030 0 0 5070 0 0 0 0 0 0\n");
            }
        }
        root.write("proc/stat", before + "ctxt 1\nprocs_running 1\n");
        FakeTime many = new FakeTime().afterSleep(() -> root.write("proc/stat", after + "ctxt 2\nprocs_running 1\n"));

        JsonNode line = PerfmonRun.run(root, many, "-t", "1", "-u", "1", "--count", "1").single();

        assertEquals(56, line.get("cpus").size());
        assertFalse(line.get("cpus").has("8"));
        assertEquals(30.0, line.get("cpus").get("63").get("user_pct").doubleValue());
        assertEquals(56, line.get("cpu_total").get("active").intValue());
        assertEquals(30.0, line.get("cpu_total").get("physique").get("user_pct").doubleValue());
    }
}
