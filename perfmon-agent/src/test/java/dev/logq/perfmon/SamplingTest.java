package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule: a silent baseline, then one line per period, fixed-rate, skipping missed periods. */
class SamplingTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    @Test
    void theFirstReadingIsOnlyABaselineSoNothingIsPrintedBeforeOnePeriod() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> printedWhenWaking = new ArrayList<>();
        time.afterSleep(() -> printedWhenWaking.add(out.size())).afterSleep(() -> printedWhenWaking.add(out.size()));

        int status = Perfmon.run(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), time, time,
                "--root", root.dir.toString(), "-A", "-c", "2");

        assertEquals(0, status);
        assertEquals(0, printedWhenWaking.get(0), "nothing before the first period ended");
        String firstLine = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertEquals(firstLine.length() + 1, printedWhenWaking.get(1), "the first sample was flushed, whole, before the next wait");
    }

    @Test
    void countIsTheNumberOfSamplesPrintedOnePeriodApart() {
        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "-p", "2", "-c", "3").json();

        assertEquals(List.of("2026-05-01T12:00:02.000Z", "2026-05-01T12:00:04.000Z", "2026-05-01T12:00:06.000Z"),
                lines.stream().map(line -> line.get("timestamp").textValue()).toList());
    }

    @Test
    void periodsMissedWhileSuspendedAreSkippedAndRatesUseTheRealInterval() {
        // The host sleeps 10.5 s during the first 1 s period; the ctxt counter grew by 1150 meanwhile.
        time.afterSleep(() -> {
            time.pass(10.5);
            root.set("proc/stat", "ctxt", "ctxt 1429797");
        }).afterSleep(() -> root.set("proc/stat", "ctxt", "ctxt 1429897"));

        List<JsonNode> lines = PerfmonRun.run(root, time, "-t", "-c", "2").json();

        assertEquals("2026-05-01T12:00:11.500Z", lines.get(0).get("timestamp").textValue());
        assertEquals(100, lines.get(0).get("cpu_total").get("context_switch_s").longValue()); // 1150 / 11.5 s
        assertEquals("2026-05-01T12:00:12.000Z", lines.get(1).get("timestamp").textValue()); // back on the 1 s grid
        assertEquals(200, lines.get(1).get("cpu_total").get("context_switch_s").longValue()); // 100 / 0.5 s
    }

    @Test
    void nextDeadlineSkipsWholePeriodsThatAlreadyPassed() {
        assertEquals(2_000, SampleLoop.nextDeadline(1_000, 1_500, 1_000));
        assertEquals(2_000, SampleLoop.nextDeadline(1_000, 2_000, 1_000));
        assertEquals(5_000, SampleLoop.nextDeadline(1_000, 4_200, 1_000));
    }
}
