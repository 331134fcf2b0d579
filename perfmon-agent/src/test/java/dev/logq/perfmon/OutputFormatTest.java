package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shape of the lines: jsonperfmon's field names, escaping, one line per group, timestamps. */
class OutputFormatTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
        time.afterSleep(() -> root.set("proc/stat", "cpu ", "cpu  117966 10 7409 1581117 584 1 77 58 0 0")
                .set("proc/stat", "cpu0", "cpu0 87952 10 3023 762953 106 1 24 22 0 0")
                .set("proc/stat", "cpu1", "cpu1 30014 0 4386 818164 477 0 52 36 0 0"));
    }

    @Test
    void everyGroupIsASectionInJsonperfmonsOrderThenServerAndTimestamp() {
        JsonNode line = PerfmonRun.run(root, time, "-A", "1", "--count", "1").single();

        assertEquals(List.of("cpu_total", "cpus", "memory", "disks", "fs", "nfsv3", "intfs", "processes", "server", "timestamp"),
                names(line));
    }

    @Test
    void theCpuAndMemoryGroupsHaveJsonperfmonsFieldNames() {
        JsonNode line = PerfmonRun.run(root, time, "-t", "1", "-u", "1", "-m", "1", "--count", "1").single();

        assertEquals(List.of("cpu_total", "cpus", "memory", "server", "timestamp"), names(line));
        assertEquals(List.of("active", "processorMHZ", "run_queue_s", "context_switch_s", "physique", "load_average"),
                names(line.get("cpu_total")));
        assertEquals(List.of("user_pct", "sys_pct", "wait_pct", "idle_pct", "steal_pct"), names(line.get("cpu_total").get("physique")));
        assertEquals(List.of("T0", "T5", "T15"), names(line.get("cpu_total").get("load_average")));
        assertEquals(List.of("0", "1"), names(line.get("cpus")));
        assertEquals(List.of("user_pct", "sys_pct", "wait_pct", "idle_pct", "steal_pct"), names(line.get("cpus").get("1")));
        assertEquals(List.of("virt_total", "real_total", "real_free", "virt_active_pg", "pgins_s", "pgouts_s", "pgspins_s",
                "pgspouts_s", "hugepage", "paging"), names(line.get("memory")));
        assertEquals(List.of("size_kb", "total", "free"), names(line.get("memory").get("hugepage")));
        assertEquals(List.of("total", "used_pct", "faults_s"), names(line.get("memory").get("paging")));
        assertEquals("vm", line.get("server").textValue());
    }

    @Test
    void serverIsTheHostNameUpToItsFirstDot() {
        root.write("proc/sys/kernel/hostname", "web1.example.com\n");

        assertEquals("web1", PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("server").textValue());
    }

    @Test
    void numbersAreJsonNumbersNotStrings() {
        JsonNode line = PerfmonRun.run(root, time, "-A", "1", "--count", "1").single();

        assertTrue(line.get("cpu_total").get("active").isIntegralNumber());
        assertTrue(line.get("cpu_total").get("context_switch_s").isIntegralNumber());
        assertTrue(line.get("cpu_total").get("physique").get("idle_pct").isFloatingPointNumber());
        assertTrue(line.get("memory").get("paging").get("used_pct").isIntegralNumber());
    }

    @Test
    void hostNameWithQuotesAndBackslashesIsEscaped() {
        root.write("proc/sys/kernel/hostname", "web \"prod\" \\ 1\n");

        PerfmonRun run = PerfmonRun.run(root, time, "-t", "1", "--count", "1");

        assertTrue(run.out().contains("\"server\":\"web \\\"prod\\\" \\\\ 1\""), run.out());
        assertEquals("web \"prod\" \\ 1", run.single().get("server").textValue());
    }

    @Test
    void hostNameFallsBackToEtcHostname() {
        root.delete("proc/sys/kernel/hostname").write("etc/hostname", "db1\n");

        assertEquals("db1", PerfmonRun.run(root, time, "-t", "1", "--count", "1").single().get("server").textValue());
    }

    @Test
    void negativeNsPrintEachGroupAsItsOwnObjectWithServerAndTimestamp() {
        PerfmonRun run = PerfmonRun.run(root, time, "-t", "-1", "-u", "-1", "-m", "-1", "--count", "1");

        List<JsonNode> lines = run.json();
        assertEquals(3, lines.size(), run.out());
        assertEquals(List.of("cpu_total", "server", "timestamp"), names(lines.get(0)));
        assertEquals(List.of("cpus", "server", "timestamp"), names(lines.get(1)));
        assertEquals(List.of("memory", "server", "timestamp"), names(lines.get(2)));
        Set<Long> timestamps = new TreeSet<>();
        lines.forEach(line -> timestamps.add(line.get("timestamp").longValue()));
        assertEquals(Set.of(FakeTime.START.getEpochSecond() + 1), timestamps, "one tick, one second");
    }

    @Test
    void onlyTheChosenGroupsArePrintedInJsonperfmonsOrder() {
        assertEquals(List.of("cpu_total", "memory", "server", "timestamp"),
                names(PerfmonRun.run(root, time, "-m", "1", "-t", "1", "--count", "1").single()));
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
