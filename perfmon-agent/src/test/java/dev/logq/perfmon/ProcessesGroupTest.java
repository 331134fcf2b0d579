package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * processes (-p) from the fixture's /proc/PID/stat: systemd (1), kthreadd (2, a kernel thread),
 * "nginx: worker" (431), {@code bad"quote) (x\y} (877), postgres (902, 256 MiB resident) and a zombie (1200).
 */
class ProcessesGroupTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    /** Sets the utime of a fixture process (field 14), keeping the rest of its line. */
    private void utime(int pid, long ticks) {
        String line = root.lines("proc/" + pid + "/stat").get(0);
        int close = line.lastIndexOf(')');
        String[] after = line.substring(close + 2).split(" ");
        after[14 - 3] = Long.toString(ticks);
        root.write("proc/" + pid + "/stat", line.substring(0, close + 2) + String.join(" ", after) + "\n");
    }

    @Test
    void rankedByCpuOverTheIntervalAndByResidentMemoryWithoutKernelThreadsOrZombies() {
        time.afterSleep(() -> {
            utime(431, 1200 + 150); // 1.5 s of CPU in 1 s: two threads busy
            utime(877, 50 + 20);
            utime(902, 9100 + 60);
        });

        JsonNode processes = PerfmonRun.run(root, time, "-p", "1", "--count", "1").single().get("processes");

        JsonNode cpu = processes.get("cpu");
        assertEquals(List.of(431, 902, 877, 1), pids(cpu), "kthreadd and the zombie are left out");
        assertEquals(150.0, cpu.get("0").get("cpu_pct").doubleValue());
        assertEquals("nginx: worker", cpu.get("0").get("process").textValue(), "a space in the name breaks nothing");
        assertEquals(20, cpu.get("0").get("mem_mb").longValue(), "5120 pages of 4 KiB");
        assertEquals(60.0, cpu.get("1").get("cpu_pct").doubleValue());
        JsonNode mem = processes.get("mem");
        assertEquals(List.of(902, 431, 1, 877), pids(mem));
        assertEquals(256, mem.get("0").get("mem_mb").longValue(), "resident, not postgres's 431 MiB virtual size");
        assertEquals(List.of("pid", "process", "mem_mb"), OutputFormatTest.names(mem.get("0")));
        assertEquals(List.of("pid", "process", "cpu_pct", "mem_mb"), OutputFormatTest.names(cpu.get("0")));
    }

    @Test
    void aNameWithQuotesParenthesesAndBackslashesIsReadWholeAndEscaped() {
        time.afterSleep(() -> utime(877, 50 + 100));

        PerfmonRun run = PerfmonRun.run(root, time, "-p", "1", "--count", "1");

        JsonNode top = run.single().get("processes").get("cpu").get("0");
        assertEquals("bad\"quote) (x\\y", top.get("process").textValue());
        assertEquals(100.0, top.get("cpu_pct").doubleValue(), "the numbers after the name are read from its last ')'");
        assertFalse(run.out().contains("bad\"quote"), "the quote is escaped in the line: " + run.out());
    }

    @Test
    void aNameIsReadAgainEachSampleAndAReusedPidIsANewProcess() {
        time.afterSleep(() -> {
            root.write("proc/431/stat", root.lines("proc/431/stat").get(0).replace("(nginx: worker)", "(nginx: reload)"));
            // pid 902 exited and a new process got its pid (another start time, field 22): no baseline for it yet
            root.write("proc/902/stat",
                    "902 (psql) S 1 902 902 0 -1 4194560 100 0 0 0 9500 10 0 0 20 0 1 0 99999 22118400 256 0\n");
        });

        JsonNode processes = PerfmonRun.run(root, time, "-p", "1", "--count", "1").single().get("processes");

        assertEquals("nginx: reload", processes.get("mem").get("0").get("process").textValue());
        assertFalse(pids(processes.get("cpu")).contains(902), "a new process is ranked by CPU from its second sample on");
    }

    @Test
    void aProcessThatEndsBetweenListingAndReadingIsSimplyLeftOut() {
        time.afterSleep(() -> root.delete("proc/877/stat"));

        JsonNode processes = PerfmonRun.run(root, time, "-p", "1", "--count", "1").single().get("processes");

        assertFalse(pids(processes.get("mem")).contains(877));
    }

    private static List<Integer> pids(JsonNode ranked) {
        List<Integer> pids = new ArrayList<>();
        ranked.forEach(p -> pids.add(p.get("pid").intValue()));
        return pids;
    }
}
