package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.await;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.ids;
import static dev.logq.store.StoreFixtures.journalEvents;
import static dev.logq.store.StoreFixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.journal.DurableFile;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexerTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    static List<Event> events(int n, Instant from, Duration step, String prefix) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(from.plus(step.multipliedBy(i)), prefix + " " + i));
        }
        return events;
    }

    static Set<String> partitionDirs(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            return Set.copyOf(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
    }

    /** The index holds exactly the journal's events, each once. */
    static void assertIndexEqualsJournal(Store store) {
        awaitIndexed(store);
        List<Event> indexed = all(store);
        List<Event> journal = journalEvents(store.journal());
        assertEquals(journal.size(), indexed.size(), "events in the index vs the journal");
        assertEquals(ids(journal), ids(indexed));
        assertEquals(indexed.size(), ids(indexed).size(), "no event twice");
    }

    @Test
    void anAppendedEventBecomesSearchableBeforeAnyCommit() throws Exception {
        StoreConfig noCommits = new StoreConfig(dir, "node1", null, null, null, Duration.ofMinutes(10), 0, 0);
        try (Store store = Store.open(noCommits, clock)) {
            store.append(List.of(event(T0, "fresh needle"))).get();
            Query q = new Query("needle", Query.PatternMode.FIXED, false, false, false, false, null, null, Set.of(), Set.of(), null, 0, null, false);
            await("the event is searchable", Duration.ofSeconds(10), () -> search(store, q).size() == 1);
            assertEquals(-1, store.indexer().durablePosition(), "found through the near-real-time reader, not a commit");
        }
    }

    @Test
    void reopeningResumesWithoutDuplicatesOrGaps() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(500, T0, Duration.ofSeconds(1), "first")).get();
            store.append(events(500, T0.minus(Duration.ofDays(1)), Duration.ofSeconds(1), "older")).get();
            awaitIndexed(store);
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(store.journal().lastIndex(), store.indexer().durablePosition(), "close committed everything");
            store.append(events(300, T0.plusSeconds(1), Duration.ofSeconds(2), "second")).get();
            assertIndexEqualsJournal(store);
            assertEquals(1300, all(store).size());
            assertEquals(300, store.indexer().indexedSinceOpen(), "nothing indexed twice after reopening");
        }
    }

    @Test
    void eventsGoToThePartitionOfTheirTime() throws Exception {
        try (Store store = Store.open(config(dir, "node1", Duration.ofHours(6), null), clock)) {
            store.append(List.of(event(Instant.parse("2026-11-22T05:59:59.999Z"), "a"),
                    event(Instant.parse("2026-11-22T06:00:00Z"), "b"),
                    event(Instant.parse("2026-11-24T23:00:00Z"), "c"))).get();
            awaitIndexed(store);
            assertEquals(Set.of("20261122T00", "20261122T06", "20261124T18"), partitionDirs(dir));
            assertEquals(3, store.status().partitions());
        }
    }

    @Test
    void changingThePartitionPeriodRebuildsTheIndexFromTheJournal() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(48, Instant.parse("2026-11-24T00:30:00Z"), Duration.ofMinutes(30), "half-hourly")).get();
            awaitIndexed(store);
            assertEquals(Set.of("20261124T00", "20261125T00"), partitionDirs(dir));
        }
        try (Store store = Store.open(config(dir, "node1", Duration.ofHours(12), null), clock)) {
            assertIndexEqualsJournal(store);
            assertEquals(Set.of("20261124T00", "20261124T12", "20261125T00"), partitionDirs(dir));
        }
    }

    @Test
    void anIndexAheadOfTheJournalIsRebuilt() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(20, T0, Duration.ofSeconds(1), "e")).get();
            awaitIndexed(store);
        }
        // what a power loss can leave behind: the index committed further than the journal kept
        new DurableFile(dir.resolve("index/checkpoint")).write(Map.of("journal.index", Long.toString(Long.MAX_VALUE / 2)));
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertIndexEqualsJournal(store);
            assertEquals(20, store.indexer().indexedSinceOpen());
        }
    }

    @Test
    void killedAfterPartitionCommitsButBeforeTheCheckpointNothingIsIndexedTwice() throws Exception {
        DurableFile checkpoint = new DurableFile(dir.resolve("index/checkpoint"));
        Map<String, String> stale;
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(50, T0, Duration.ofSeconds(1), "before")).get();
            awaitIndexed(store);
            stale = checkpoint.read();
            store.append(events(50, T0.minus(Duration.ofDays(1)), Duration.ofSeconds(1), "after, other partition")).get();
            store.append(events(50, T0.plusSeconds(60), Duration.ofSeconds(1), "after, same partition")).get();
            awaitIndexed(store);
        }
        checkpoint.write(stale);  // both partitions committed, the checkpoint still says where it was before
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(10, T0.plusSeconds(600), Duration.ofSeconds(1), "new")).get();
            assertIndexEqualsJournal(store);
            assertEquals(10, store.indexer().indexedSinceOpen(), "the 100 committed after the checkpoint were skipped");
        }
    }

    @Test
    void aLostCheckpointMeansRescanningButNoDuplicates() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(100, T0, Duration.ofSeconds(1), "e")).get();
            awaitIndexed(store);
        }
        Files.delete(dir.resolve("index/checkpoint"));
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertIndexEqualsJournal(store);
            assertEquals(0, store.indexer().indexedSinceOpen(), "every event was skipped as committed");
        }
    }

    @Test
    void idlePartitionsCloseTheirWriterAndStaySearchable() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock, Duration.ofMillis(1))) {
            store.append(List.of(event(T0.minus(Duration.ofDays(3)), "old day"))).get();
            awaitIndexed(store);
            await("the idle partition's writer is closed", Duration.ofSeconds(10),
                    () -> store.partitions().all().stream().noneMatch(Partition::hasWriter));
            assertEquals(1, all(store).size());
            store.append(List.of(event(T0.minus(Duration.ofDays(3)).plusSeconds(1), "late arrival"))).get();
            awaitIndexed(store);
            assertEquals(List.of("late arrival", "old day"), all(store).stream().map(Event::msg).toList());
        }
    }

    @Test
    void anUnreadableJournalRecordIsSkipped() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            try (ExcerptAppender appender = store.journal().appender();
                    DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(new byte[] {9, 1, 2, 3});  // a record version this build does not know
            }
            store.append(List.of(event(T0, "readable"))).get();
            awaitIndexed(store);
            assertEquals(List.of("readable"), all(store).stream().map(Event::msg).toList());
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(1L, store.append(List.of(event(T0, "next"))).get());
        }
    }

    @Test
    void statusReportsPositionsAndSizes() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events(10, T0, Duration.ofSeconds(1), "e")).get();
            awaitIndexed(store);
            StoreStatus s = store.status();
            assertEquals("node1", s.node());
            assertTrue(s.ready());
            assertEquals(9, s.lastSeq());
            assertEquals(10, s.journalEvents());
            assertEquals(10, s.indexedEvents());
            assertEquals(0, s.indexLag());
            assertEquals(1, s.partitions());
            assertTrue(s.journalBytes() > 0 && s.indexBytes() > 0 && s.diskFreeBytes() > 0, s.toString());
        }
        Store closed = Store.open(config(dir, "node1"), clock);
        closed.close();
        assertFalse(closed.status().ready());
    }
}
