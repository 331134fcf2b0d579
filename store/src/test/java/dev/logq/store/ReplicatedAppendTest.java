package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.journalEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicatedAppendTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    static List<Event> fromPeer(String origin, long... seqs) {
        return LongStream.of(seqs).mapToObj(s -> event(T0.plusSeconds(s), "peer event " + s).withIdentity(origin, s)).toList();
    }

    static List<Long> seqsOf(List<Event> events, String origin) {
        return events.stream().filter(e -> origin.equals(e.origin())).map(Event::seq).sorted().toList();
    }

    @Test
    void eventsAtOrBelowTheHighWaterMarkAreDroppedSoEachIsStoredOnce() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(3, store.appendReplicated(fromPeer("peer", 1, 2, 3)).get());
            assertEquals(1, store.appendReplicated(fromPeer("peer", 2, 3, 4)).get());
            assertEquals(0, store.appendReplicated(fromPeer("peer", 4)).get());
            assertEquals(List.of(1L, 2L, 3L, 4L), seqsOf(journalEvents(store.journal()), "peer"));
            awaitIndexed(store);
            assertEquals(List.of(1L, 2L, 3L, 4L), seqsOf(all(store), "peer"));
        }
    }

    @Test
    void aReplicatedEventKeepsItsIdentityAndEveryField() throws Exception {
        Event e = JournalTest.everyFieldSet().withIdentity("peer", 41);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.appendReplicated(List.of(e)).get();
            assertEquals(List.of(e), journalEvents(store.journal()));
        }
    }

    @Test
    void eachOriginInABatchIsCheckedAgainstItsOwnMark() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.appendReplicated(fromPeer("a", 5)).get();
            List<Event> mixed = new java.util.ArrayList<>(fromPeer("a", 5, 6));
            mixed.addAll(fromPeer("b", 1, 2));
            mixed.addAll(fromPeer("a", 6));
            assertEquals(3, store.appendReplicated(mixed).get());
            assertEquals(Map.of("a", 6L, "b", 2L), store.highWaterMarks());
        }
    }

    @Test
    void highWaterMarksSurviveReopening() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.appendReplicated(fromPeer("peer", 1, 2, 3)).get();
            store.append(List.of(event(T0, "own"))).get();
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(Map.of("peer", 3L, "node1", 0L), store.highWaterMarks());
            assertEquals(0, store.appendReplicated(fromPeer("peer", 1, 2, 3)).get());
            assertEquals(3, journalEvents(store.journal()).stream().filter(e -> "peer".equals(e.origin())).count());
        }
    }

    @Test
    void aStaleMarksFileIsCompletedFromTheJournal() throws Exception {
        Path marks = dir.resolve("marks");
        Path saved = dir.resolve("marks.saved");
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.appendReplicated(fromPeer("peer", 1, 2)).get();
        }
        Files.copy(marks, saved);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.appendReplicated(fromPeer("peer", 3, 4)).get();
            store.appendReplicated(fromPeer("other", 9)).get();
        }
        Files.copy(saved, marks, StandardCopyOption.REPLACE_EXISTING);  // as if killed before the last save
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(Map.of("peer", 4L, "other", 9L), store.highWaterMarks());
            assertEquals(0, store.appendReplicated(fromPeer("peer", 3, 4)).get());
        }
    }

    @Test
    void ownSequenceNumbersIgnoreReplicatedEvents() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(2L, store.append(List.of(event(T0, "a"), event(T0, "b"), event(T0, "c"))).get());
            store.appendReplicated(fromPeer("peer", 100, 101, 102)).get();
        }
        Files.delete(dir.resolve("marks"));  // recovered from the journal, whose last record is the peer's
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(3L, store.append(List.of(event(T0, "d"))).get());
        }
    }

    @Test
    void ownEventsEchoedBackByAPeerAreNotStoredAgain() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(List.of(event(T0, "a"), event(T0, "b"))).get();
            List<Event> echoed = journalEvents(store.journal());
            assertEquals(0, store.appendReplicated(echoed).get());
        }
    }

    @Test
    void anEventWithoutAValidIdentityIsRefusedAndNothingIsStored() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            List<Event> noOrigin = List.of(fromPeer("peer", 1).getFirst(), event(T0, "no identity"));
            assertThrows(IllegalArgumentException.class, () -> store.appendReplicated(noOrigin));
            assertThrows(IllegalArgumentException.class, () -> store.appendReplicated(fromPeer("not a node", 1)));
            assertThrows(IllegalArgumentException.class, () -> store.appendReplicated(fromPeer("peer", -1)));
            assertEquals(List.of(), journalEvents(store.journal()));
        }
    }
}
