package dev.logq.store;

import dev.logq.store.model.RetentionTotals;
import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.journalEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.index.Retention;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.PatternMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    static final Instant NOV21_NOON = Instant.parse("2026-11-21T12:00:00Z");
    static final Duration TWO_DAYS = Duration.ofDays(2);

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(NOV21_NOON);

    Set<String> names(String sub) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            return Set.copyOf(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("checkpoint")
                    && !n.endsWith(".cq4t")).toList());
        }
    }

    static Event at(String ts, String msg) {
        return event(Instant.parse(ts), msg);
    }

    @Test
    void advancingTheClockDeletesWholeExpiredPartitionsAndJournalCyclesAndKeepsTheRestSearchable() throws Exception {
        StoreConfig config = config(dir, "node1", Duration.ofDays(1), TWO_DAYS);
        try (Store store = Store.open(config, clock)) {
            store.append(List.of(at("2026-11-20T10:00:00Z", "nov20"), at("2026-11-21T11:00:00Z", "nov21"))).get();
            clock.advance(Duration.ofHours(1));
            store.append(List.of(at("2026-11-22T01:00:00Z", "nov22"), at("2026-11-23T23:59:59Z", "nov23"))).get();
            awaitIndexed(store);
            assertEquals(Set.of("20261120T00", "20261121T00", "20261122T00", "20261123T00"), names("index"));
            assertEquals(Set.of("20261121-12F.cq4", "20261121-13F.cq4"), names("journal"));

            clock.set(Instant.parse("2026-11-24T10:00:00Z"));   // horizon: 2026-11-22T10:00Z
            store.append(List.of(at("2026-11-24T09:00:00Z", "nov24"))).get();
            awaitIndexed(store);
            store.runRetention();

            assertEquals(Set.of("20261122T00", "20261123T00", "20261124T00"), names("index"));
            assertEquals(Set.of("20261124-10F.cq4"), names("journal"));
            assertEquals(List.of("nov24", "nov23", "nov22"), all(store).stream().map(Event::msg).toList());
            assertEquals(3, store.status().partitions());
            assertEquals(1, store.status().journalEvents());
        }
        try (Store store = Store.open(config, clock)) {
            assertEquals(List.of("nov24", "nov23", "nov22"), all(store).stream().map(Event::msg).toList());
            assertEquals(5L, store.append(List.of(at("2026-11-24T10:00:00Z", "after reopening"))).get());
        }
    }

    @Test
    void aJournalCycleIsKeptWhileThePartitionItsHourFallsInIsKeptSoItsResultsStayReadable() throws Exception {
        StoreConfig config = config(dir, "node1", Duration.ofDays(1), TWO_DAYS);
        try (Store store = Store.open(config, clock)) {
            store.append(List.of(at("2026-11-21T11:00:00Z", "read from the journal"))).get();  // cycle 21-12F, partition 21T00
            clock.set(Instant.parse("2026-11-23T13:30:00Z"));   // horizon 21T13:30: the cycle's hour ended, its partition not
            store.append(List.of(at("2026-11-23T13:00:00Z", "later"))).get();
            awaitIndexed(store);
            store.runRetention();
            assertTrue(names("journal").contains("20261121-12F.cq4"), "the 21T00 partition still points into it");
            assertEquals(List.of("later", "read from the journal"), all(store).stream().map(Event::msg).toList());
            Query verified = QueryEngineTest.query("read.*journal", PatternMode.EXTENDED, false, false, false);
            assertEquals(Map.of("node1", 1L), store.count(verified), "a count that checks the message reads it too");

            clock.set(Instant.parse("2026-11-24T00:00:00Z"));   // horizon 22T00: the partition goes, and so may the cycle
            store.runRetention();
            assertEquals(Set.of("20261123-13F.cq4"), names("journal"));
            assertEquals(List.of("later"), all(store).stream().map(Event::msg).toList());
        }
    }

    @Test
    void aJournalCycleTheIndexerHasNotCheckpointedPastIsKept() throws Exception {
        StoreConfig config = config(dir, "node1", Duration.ofDays(1), TWO_DAYS);
        try (Store store = Store.open(config, clock)) {
            store.append(List.of(at("2026-11-21T11:00:00Z", "first cycle"))).get();
            long inFirstCycle = store.journal().lastIndex();
            clock.advance(Duration.ofHours(1));
            store.append(List.of(at("2026-11-21T12:00:00Z", "second cycle"))).get();
            clock.advance(Duration.ofDays(5));
            store.append(List.of(at("2026-11-26T13:00:00Z", "third cycle"))).get();
            awaitIndexed(store);
            Retention retention = new Retention(TWO_DAYS, 0, clock);

            retention.apply(store.partitions(), store.journal(), -1, Long.MAX_VALUE);
            assertEquals(3, store.journal().cycleFiles().size(), "nothing checkpointed: every cycle is needed");
            retention.apply(store.partitions(), store.journal(), inFirstCycle, Long.MAX_VALUE);
            assertEquals(3, store.journal().cycleFiles().size(), "the checkpoint's own cycle is still needed");
            store.runRetention();
            assertEquals(List.of("20261126-13F.cq4"), store.journal().cycleFiles().stream().map(f -> f.path().getFileName().toString()).toList());
        }
    }

    @Test
    void aCycleAReplicationPeerStillReadsIsKeptUntilItsHoldIsReleased() throws Exception {
        StoreConfig config = config(dir, "node1", Duration.ofDays(1), TWO_DAYS);
        try (Store store = Store.open(config, clock)) {
            store.append(List.of(at("2026-11-21T11:00:00Z", "first cycle"))).get();
            long inFirstCycle = store.journal().lastIndex();
            clock.advance(Duration.ofHours(1));
            store.append(List.of(at("2026-11-21T12:00:00Z", "second cycle"))).get();
            clock.advance(Duration.ofDays(5));
            store.append(List.of(at("2026-11-26T13:00:00Z", "third cycle"))).get();
            awaitIndexed(store);
            store.holdRetention("peer log2", () -> inFirstCycle);
            store.holdRetention("peer log3", () -> Long.MAX_VALUE);

            store.runRetention();
            assertEquals(3, store.journal().cycleFiles().size(), "log2 has not acknowledged the first cycle yet");
            store.releaseRetention("peer log2");
            store.runRetention();
            assertEquals(1, store.journal().cycleFiles().size(), "released, and log3 needs nothing of it");
        }
    }

    @Test
    void theNewestCycleIsKeptEvenWhenItIsOld() throws Exception {
        try (Store store = Store.open(config(dir, "node1", Duration.ofDays(1), TWO_DAYS), clock)) {
            store.append(List.of(at("2026-11-21T11:00:00Z", "only"))).get();
            awaitIndexed(store);
            clock.advance(Duration.ofDays(30));
            store.runRetention();
            assertEquals(1, store.journal().cycleFiles().size());
            assertEquals(Set.of(), names("index"));
            assertEquals(1, journalEvents(store.journal()).size());
        }
    }

    @Test
    void eventsOlderThanRetentionAreJournaledButNotIndexed() throws Exception {
        try (Store store = Store.open(config(dir, "node1", Duration.ofDays(1), TWO_DAYS), clock)) {
            store.append(List.of(at("2026-11-10T00:00:00Z", "from a broken clock"), at("2026-11-21T11:00:00Z", "recent"))).get();
            awaitIndexed(store);
            assertEquals(Set.of("20261121T00"), names("index"));
            assertEquals(List.of("recent"), all(store).stream().map(Event::msg).toList());
            assertEquals(2, journalEvents(store.journal()).size());
            assertTrue(store.status().indexLag() == 0);
        }
    }

    @Test
    void retentionRunsWhenTheStoreOpens() throws Exception {
        StoreConfig config = config(dir, "node1", Duration.ofDays(1), TWO_DAYS);
        try (Store store = Store.open(config, clock)) {
            store.append(List.of(at("2026-11-21T11:00:00Z", "old"))).get();
            awaitIndexed(store);
        }
        clock.advance(Duration.ofDays(3));
        try (Store store = Store.open(config, clock)) {
            assertEquals(Set.of(), names("index"));
            assertEquals(List.of(), all(store));
        }
    }

    private long bytesUnder(String sub) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve(sub))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * Four days of events, one journal cycle a day, 20th to 23rd of November, and a last cycle on the 23rd;
     * returns once the index committed through them (retention keeps the cycles it has not committed past).
     */
    private void fourDays(Store store) throws Exception {
        for (int day = 20; day <= 23; day++) {
            clock.set(Instant.parse("2026-11-" + day + "T12:00:00Z"));
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(at("2026-11-" + day + "T12:00:00Z", "day " + day + " event " + i));
            }
            store.append(events).get();
        }
        clock.set(Instant.parse("2026-11-23T13:00:00Z"));
        store.append(List.of(at("2026-11-23T13:00:00Z", "the newest cycle"))).get();
        awaitIndexed(store);
        long lastIndex = store.journal().lastIndex();
        for (int i = 0; i < 200 && store.indexer().durablePosition() < lastIndex; i++) {
            Thread.sleep(25);  // the index commits every 100 ms here
        }
        assertEquals(lastIndex, store.indexer().durablePosition(), "the index committed through the last event");
    }

    private Store openFourDays() throws Exception {
        clock.set(Instant.parse("2026-11-20T12:00:00Z"));  // the journal's first cycle is the clock's hour at open
        Store store = Store.open(config(dir, "node1", Duration.ofDays(1), null), clock);
        fourDays(store);
        return store;
    }

    private static void apply(Retention retention, Store store) throws Exception {
        retention.apply(store.partitions(), store.journal(), store.indexer().durablePosition(), Long.MAX_VALUE);
    }

    @Test
    void overTheSizeBudgetTheOldestPartitionAndItsJournalCycleGoFirst() throws Exception {
        try (Store store = openFourDays()) {
            long total = bytesUnder("index") + bytesUnder("journal");
            long oldest = bytesUnder("index/20261120T00") + Files.size(dir.resolve("journal/20261120-12F.cq4"));
            Retention retention = new Retention(null, total - oldest, clock);
            apply(retention, store);

            assertEquals(Set.of("20261121T00", "20261122T00", "20261123T00"), names("index"));
            assertEquals(Set.of("20261121-12F.cq4", "20261122-12F.cq4", "20261123-12F.cq4", "20261123-13F.cq4"), names("journal"));
            RetentionTotals totals = retention.totals();
            assertEquals(List.of(1L, 1L, 0L, 0L),
                    List.of(totals.partitionsBySize(), totals.cyclesBySize(), totals.partitionsByAge(), totals.cyclesByAge()));
            assertEquals(oldest, totals.bytesBySize());
            assertEquals(Map.of(), store.count(QueryEngineTest.query("day 20", PatternMode.FIXED, false, false, false)));
            assertEquals(Map.of("node1", 200L), store.count(QueryEngineTest.query("day 21", PatternMode.FIXED, false, false, false)));
        }
    }

    @Test
    void aBudgetSmallerThanEverythingKeepsTheNewestPartitionAndItsJournalCycles() throws Exception {
        try (Store store = openFourDays()) {
            apply(new Retention(null, 1, clock), store);

            assertEquals(Set.of("20261123T00"), names("index"), "the newest partition stays");
            assertEquals(Set.of("20261123-12F.cq4", "20261123-13F.cq4"), names("journal"), "and the journal it reads from");
            assertEquals(Map.of("node1", 201L), store.count(QueryEngineTest.query("day 23|newest", PatternMode.EXTENDED, false, false, false)));
        }
    }

    @Test
    void whicheverLimitIsHitFirstApplies() throws Exception {
        try (Store store = openFourDays()) {
            clock.set(Instant.parse("2026-11-24T00:00:00Z"));  // with 3 days kept, the 20th's partition is past the age limit
            Retention byAge = new Retention(Duration.ofDays(3), Long.MAX_VALUE / 2, clock);
            apply(byAge, store);
            assertEquals(Set.of("20261121T00", "20261122T00", "20261123T00"), names("index"), "the age limit, the budget being far off");
            assertEquals(1L, byAge.totals().partitionsByAge());

            Retention bySize = new Retention(Duration.ofDays(30), 1, clock);
            apply(bySize, store);
            assertEquals(Set.of("20261123T00"), names("index"), "the size limit, the age limit being far off");
            assertEquals(2L, bySize.totals().partitionsBySize());
        }
    }

    @Test
    void halfTheDiskIsChosenAtTheFirstOpenAndKept() throws Exception {
        StoreConfig config = new StoreConfig(dir, "node1", null, null, Duration.ofMillis(20), Duration.ofMillis(100), 0,
                StoreConfig.RETAIN_HALF_THE_DISK);
        long half = Files.getFileStore(dir).getTotalSpace() / 2;
        try (Store store = Store.open(config, clock)) {
            assertEquals(Math.max(StoreConfig.MIN_RETAIN_BYTES, half), store.retentionTotals().budgetBytes());
        }
        Files.writeString(dir.resolve("retain-bytes"), "bytes=123456789\n");
        try (Store store = Store.open(config, clock)) {
            assertEquals(123456789L, store.retentionTotals().budgetBytes(), "the recorded budget, not the disk's half now");
        }
    }
}
