package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logq.store.model.CountBy;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountTableTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static CountTable table(String by, ZoneId zone, boolean json, boolean bars) {
        return new CountTable(CountBy.parse(by, 3600), zone, json, bars, 40, false);
    }

    @Test
    void hostsAndAppsAreByCountLargestFirstAndAnEventWithoutAnAppCountsUnderADash() {
        Map<String, Long> groups = Map.of("web1", 3L, "db1", 12L, "web2", 3L);
        assertEquals(List.of("db1   12", "web1   3", "web2   3"), table("host", ZoneOffset.UTC, false, false).lines(groups));
        assertEquals(List.of("sshd  2", "-     1"), table("app", ZoneOffset.UTC, false, false).lines(Map.of("sshd", 2L, "", 1L)));
        assertEquals(List.of("{\"app\":\"sshd\",\"count\":2}", "{\"app\":null,\"count\":1}"),
                table("app", ZoneOffset.UTC, true, false).lines(Map.of("sshd", 2L, "", 1L)));
        assertEquals(List.of("{\"host\":\"we\\\"b\",\"count\":1}"), table("host", ZoneOffset.UTC, true, false).lines(Map.of("we\"b", 1L)));
    }

    @Test
    void severitiesAreFromTheWorstDown() {
        Map<String, Long> groups = Map.of("info", 5L, "err", 1L, "debug", 9L, "crit", 2L);
        assertEquals(List.of("crit   2", "err    1", "info   5", "debug  9"), table("severity", ZoneOffset.UTC, false, false).lines(groups));
    }

    @Test
    void timeBucketsRunFromTheFirstToTheLastWithEmptyOnesInTheAskersZone() {
        long nine = java.time.Instant.parse("2026-11-24T08:00:00Z").getEpochSecond();  // 09:00 in Berlin
        Map<String, Long> groups = new LinkedHashMap<>();
        groups.put(Long.toString(nine + 7200), 4L);
        groups.put(Long.toString(nine), 8L);
        assertEquals(List.of("2026-11-24 09:00  8", "2026-11-24 10:00  0", "2026-11-24 11:00  4"),
                table("1h", BERLIN, false, false).lines(groups));
        assertEquals(List.of("{\"time\":\"2026-11-24T09:00:00+01:00\",\"count\":8}", "{\"time\":\"2026-11-24T10:00:00+01:00\",\"count\":0}",
                "{\"time\":\"2026-11-24T11:00:00+01:00\",\"count\":4}"), table("1h", BERLIN, true, false).lines(groups));
        List<String> chart = table("1h", BERLIN, false, true).lines(groups);
        // 40 columns: 16 for the time, 2 spaces, a bar of 19, a space, the count
        assertEquals("2026-11-24 09:00  " + "█".repeat(19) + " 8", chart.get(0));
        assertEquals("2026-11-24 10:00  " + " ".repeat(19) + " 0", chart.get(1));
        assertEquals("2026-11-24 11:00  " + "█".repeat(9) + "▌" + " ".repeat(9) + " 4", chart.get(2));
        assertEquals(List.of("2026-11-24  3"), table("1d", BERLIN, false, false)
                .lines(Map.of(Long.toString(java.time.Instant.parse("2026-11-23T23:00:00Z").getEpochSecond()), 3L)));
    }

    @Test
    void moreTimeBucketsThanATableShouldHoldAreRefusedWithAHint() {
        Map<String, Long> groups = Map.of("0", 1L, Long.toString(CountTable.MAX_ROWS), 1L);  // 1 s buckets: one too many
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CountTable(CountBy.parse("1s", 0), ZoneOffset.UTC, false, false, 80, false).lines(groups));
        assertEquals("100001 buckets of 1 s between the first match and the last (at most 100000): give a larger bucket"
                + " or a narrower --since/--until", e.getMessage());
        assertEquals(2, new CountTable(CountBy.parse("1m", 0), ZoneOffset.UTC, false, false, 80, false)
                .lines(Map.of("0", 1L, "60", 1L)).size());
    }

    @Test
    void barsAreEighthsOfACharacterAndAnyCountShows() {
        assertEquals("█".repeat(10), CountTable.bar(100, 100, 10));
        assertEquals("▏", CountTable.bar(1, 1_000_000, 10));
        assertEquals("████▌", CountTable.bar(45, 100, 10));
        assertEquals("", CountTable.bar(0, 100, 10));
    }
}
