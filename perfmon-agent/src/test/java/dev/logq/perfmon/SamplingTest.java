package dev.logq.perfmon;

import java.io.InputStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsonperfmon's schedule: a silent baseline, then each group on the wall-clock seconds its period
 * divides, in the main object or its own, missed ticks skipped.
 */
class SamplingTest {

    static final long START = FakeTime.START.getEpochSecond();

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    @Test
    void theFirstReadingIsOnlyABaselineSoNothingIsPrintedBeforeTheFirstTick() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> printedWhenWaking = new ArrayList<>();
        time.afterSleep(() -> printedWhenWaking.add(out.size())).afterSleep(() -> printedWhenWaking.add(out.size()));

        int status = PerfmonRun.raw(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), time, time,
                "--root", root.dir.toString(), "-A", "1", "--count", "2");

        assertEquals(0, status);
        assertEquals(0, printedWhenWaking.get(0), "nothing before the first tick");
        String firstLine = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertEquals(firstLine.length() + 1, printedWhenWaking.get(1), "the first sample was flushed, whole, before the next wait");
    }

    @Test
    void aGroupIsSampledOnTheSecondsItsPeriodDividesStampedWithThatEpochSecond() {
        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "2", "--count", "3").json();

        assertEquals(List.of(START + 2, START + 4, START + 6), timestamps(lines));
        assertTrue(lines.get(0).get("timestamp").isIntegralNumber(), "epoch seconds, an integer, as jsonperfmon writes it");
    }

    @Test
    void eachGroupHasItsOwnPeriodAndJoinsTheMainObjectWhenDue() {
        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "1", "-m", "2", "--count", "4").json();

        assertEquals(List.of(START + 1, START + 2, START + 3, START + 4), timestamps(lines));
        assertEquals(List.of(false, true, false, true), lines.stream().map(l -> l.has("memory")).toList());
        assertTrue(lines.stream().allMatch(l -> l.has("cpu_total")));
    }

    @Test
    void aNegativeNGivesTheGroupAnObjectOfItsOwnAfterTheMainOne() {
        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "1", "-m", "-1", "--count", "1").json();

        assertEquals(2, lines.size());
        assertEquals(List.of("cpu_total", "server", "timestamp"), OutputFormatTest.names(lines.get(0)));
        assertEquals(List.of("memory", "server", "timestamp"), OutputFormatTest.names(lines.get(1)));
        assertEquals(List.of(START + 1, START + 1), timestamps(lines), "one tick, one second");
    }

    @Test
    void aTickLessThanHalfAPeriodAfterStartOnlyKeepsTheBaseline() {
        time.pass(0.7); // started at 12:00:00.7; 12:00:01 would measure rates over 0.3 s

        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "1", "--count", "1").json();

        assertEquals(List.of(START + 2), timestamps(lines));
    }

    @Test
    void slowBaselinesStillGiveAFirstObjectWithEveryGroup() {
        // started at 12:00:00.45, and each baseline reading takes 20 ms: the last group's baseline is
        // less than half a second before 12:00:01, the first group's more; all are written at 12:00:01
        time.pass(0.45);
        time.slowUntilFirstSleep(0.02);

        List<JsonNode> lines = PerfmonRun.run(root, time, "-A", "1", "--count", "1").json();

        assertEquals(List.of(START + 1), timestamps(lines));
        for (String group : List.of("cpu_total", "cpus", "memory", "disks", "fs", "intfs", "processes")) {
            assertTrue(lines.get(0).has(group), group + " in " + lines.get(0));
        }
    }

    @Test
    void ticksMissedWhileSuspendedAreSkippedAndRatesUseTheRealInterval() {
        // The host sleeps 10.5 s during the wait for the first tick; ctxt grew by 1200 meanwhile.
        time.afterSleep(() -> {
            time.pass(10.5);
            root.set("proc/stat", "ctxt", "ctxt 1429847");
        }).afterSleep(() -> {}).afterSleep(() -> root.set("proc/stat", "ctxt", "ctxt 1430047"));

        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "1", "--count", "2").json();

        assertEquals(List.of(START + 12, START + 13), timestamps(lines), "the tick woken late for is skipped, not printed late");
        assertEquals(100, lines.get(0).get("cpu_total").get("context_switch_s").longValue()); // 1200 / 12 s
        assertEquals(200, lines.get(1).get("cpu_total").get("context_switch_s").longValue()); // 200 / 1 s
    }

    @Test
    void dashCapitalRPutsAnEmptyLineAfterEachObject() {
        PerfmonRun run = PerfmonRun.run(root, time, "-R", "-t", "1", "-m", "-1", "--count", "1");

        String[] lines = run.out().split("\n", -1);
        assertEquals(5, lines.length, run.out());
        assertEquals("", lines[1]);
        assertEquals("", lines[3]);
    }

    @Test
    void stoppingEndsBeforeTheNextSampleWithStatus0() {
        AtomicBoolean stop = new AtomicBoolean();
        time.afterSleep(() -> {}).afterSleep(() -> stop.set(true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = Perfmon.run(out, System.err, InputStream.nullInputStream(), time, time, stop::get, null,
                "--root", root.dir.toString(), "-t", "1");

        assertEquals(0, status);
        assertEquals(1, out.toString(StandardCharsets.UTF_8).lines().count(), "no sample after the stop, not even a partial one");
    }

    @Test
    void dashRWaitsForStartAndStopsAtStopAsRsyslogsImprogAsks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayInputStream in = new ByteArrayInputStream("hello\nSTART\nACK\nSTOP\n".getBytes(StandardCharsets.UTF_8));

        int status = Perfmon.run(out, System.err, in, time, time, () -> false, null, "--root", root.dir.toString(), "-r", "-t", "1");

        assertEquals(0, status);
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count(), "one sample acknowledged, the second answered STOP");
    }

    @Test
    void dashRWithoutStartPrintsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream("STOP\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(0, Perfmon.run(out, System.err, in, time, time, () -> false, null, "--root", root.dir.toString(), "-r", "-t", "1"));
        assertEquals(0, out.size());
    }

    static List<Long> timestamps(List<JsonNode> lines) {
        return lines.stream().map(line -> line.get("timestamp").longValue()).toList();
    }
}
