package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory group over a 2 s period (-p 2). Baseline /proc/vmstat of the fixture: pgpgin 2658685,
 * pgpgout 272144, pswpin 0, pswpout 0, pgfault 8515579.
 */
class MemoryGroupTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    /** The second reading: counters grew by pgpgin 2048, pgpgout 512, pswpin 30, pswpout 10, pgfault 20001. */
    private void twoSecondsOfPaging() {
        time.afterSleep(() -> root
                .set("proc/vmstat", "pgpgin ", "pgpgin 2660733")
                .set("proc/vmstat", "pgpgout ", "pgpgout 272656")
                .set("proc/vmstat", "pswpin ", "pswpin 30")
                .set("proc/vmstat", "pswpout ", "pswpout 10")
                .set("proc/vmstat", "pgfault ", "pgfault 8535580")
                .set("proc/vmstat", "nr_active_anon ", "nr_active_anon 400")
                .set("proc/vmstat", "nr_active_file ", "nr_active_file 23500"));
    }

    private JsonNode memory() {
        return PerfmonRun.run(root, time, "-m", "2", "--count", "1").single().get("memory");
    }

    @Test
    void pagingRatesArePerSecondOverThePeriod() {
        twoSecondsOfPaging();

        JsonNode memory = memory();

        assertEquals(1024, memory.get("pgins_s").longValue());
        assertEquals(256, memory.get("pgouts_s").longValue());
        assertEquals(15, memory.get("pgspins_s").longValue());
        assertEquals(5, memory.get("pgspouts_s").longValue());
        assertEquals(10001, memory.get("paging").get("faults_s").longValue()); // 10000.5 rounds up
    }

    @Test
    void sizesComeFromTheSecondReading() {
        twoSecondsOfPaging();

        JsonNode memory = memory();

        assertEquals(24105, memory.get("real_total").longValue()); // MemTotal 24684084 kB
        assertEquals(23361, memory.get("real_free").longValue()); // MemFree 23922232 kB
        assertEquals(24105, memory.get("virt_total").longValue()); // no swap: the same as real
        assertEquals(23900, memory.get("virt_active_pg").longValue()); // 400 + 23500 pages
        assertEquals(2048, memory.get("hugepage").get("size_kb").longValue());
        assertEquals(0, memory.get("hugepage").get("total").longValue());
        assertEquals(0, memory.get("hugepage").get("free").longValue());
    }

    @Test
    void withNoSwapConfiguredPagingIsZeroPercentUsedNot100() {
        twoSecondsOfPaging(); // the fixture has SwapTotal 0 and SwapFree 0

        JsonNode paging = memory().get("paging");

        assertEquals(0, paging.get("total").longValue());
        assertEquals(0, paging.get("used_pct").longValue());
    }

    @Test
    void swapInUseIsAWholePercentOfSwapTotal() {
        root.set("proc/meminfo", "SwapTotal:", "SwapTotal:       2097148 kB")
                .set("proc/meminfo", "SwapFree:", "SwapFree:        1572860 kB");
        twoSecondsOfPaging();

        JsonNode memory = memory();

        assertEquals(2047, memory.get("paging").get("total").longValue()); // MB
        assertEquals(25, memory.get("paging").get("used_pct").longValue()); // 524288 of 2097148 kB
        assertEquals(26153, memory.get("virt_total").longValue()); // (24684084 + 2097148) kB
    }

    @Test
    void hugePagesAreCountedInPagesOfTheirSize() {
        root.set("proc/meminfo", "HugePages_Total:", "HugePages_Total:     512")
                .set("proc/meminfo", "HugePages_Free:", "HugePages_Free:      100")
                .set("proc/meminfo", "Hugepagesize:", "Hugepagesize:       2048 kB");
        twoSecondsOfPaging();

        JsonNode hugepage = memory().get("hugepage");

        assertEquals(512, hugepage.get("total").longValue());
        assertEquals(100, hugepage.get("free").longValue());
    }

    @Test
    void aKeyTheKernelDoesNotPrintLeavesItsFieldOut() {
        // A kernel built without hugetlbfs prints no Huge* lines; one without swap accounting no pswp*.
        root.write("proc/meminfo", String.join("\n", root.lines("proc/meminfo").stream()
                .filter(line -> !line.startsWith("Huge")).toList()) + "\n");
        root.write("proc/vmstat", String.join("\n", root.lines("proc/vmstat").stream()
                .filter(line -> !line.startsWith("pswp")).toList()) + "\n");
        time.afterSleep(() -> {});

        JsonNode memory = memory();

        assertFalse(memory.has("hugepage"));
        assertFalse(memory.has("pgspins_s"));
        assertFalse(memory.has("pgspouts_s"));
        assertEquals(0, memory.get("pgins_s").longValue());
    }
}
