package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.journalEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.journal.DurableFile;
import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.HighWaterMarks;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.internal.journal.JournalWriter;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    static Event everyFieldSet() {
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        sd.put("timeQuality", Map.of("tzKnown", "1"));
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("zeta", "last=\"quoted\"");
        ordered.put("alpha", "ünïcödé ✓ 𝄞");
        sd.put("origin@32473", ordered);
        return new Event(Instant.parse("2026-11-24T09:11:32.123456789Z"), Instant.parse("2026-11-24T09:11:33.5Z"),
                "wéb-1", "sshd", "4242", "ID47", Facility.AUTHPRIV, Severity.WARNING,
                "Failed password for ünïcödé from 10.0.0.1 — 日本語 😀\nsecond line\ttab",
                sd, "{\"bytes\":12345,\"ratio\":0.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":null}}",
                null, Event.NO_SEQ, "tcp 127.0.0.1:40312");
    }

    @Test
    void appendedEventComesBackFromTheJournalWithEveryFieldIntact() throws Exception {
        Event e = everyFieldSet();
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            assertEquals(0L, store.append(List.of(e)).get());
            assertEquals(List.of(e.withIdentity("node1", 0)), journalEvents(store.journal()));
        }
    }

    @Test
    void codecRoundTripsOptionalFieldsLeftOut() {
        Event e = new Event(Instant.ofEpochSecond(-5, 1), Instant.EPOCH, "h", null, null, null, Facility.KERN,
                Severity.EMERG, "", Map.of(), null, null, Event.NO_SEQ, null);
        assertEquals(e, EventCodec.decode(new EventCodec.Writer().encode(e).toByteArray()));
    }

    @Test
    void fieldsThatAreTheMessagesTextAreStoredOnce() {
        String json = "{\"cpu_total\":{\"active\":2},\"server\":\"web1\",\"timestamp\":1796161355}";
        Event sample = new Event(T0, T0, "web1", "logq-perfmon", "77", null, Facility.LOCAL1, Severity.INFO, json, Map.of(), json,
                "node1", 5, "relp 127.0.0.1:40000");
        Event other = new Event(T0, T0, "web1", "logq-perfmon", "77", null, Facility.LOCAL1, Severity.INFO, json, Map.of(),
                json + " ", "node1", 5, "relp 127.0.0.1:40000");

        byte[] once = new EventCodec.Writer().encode(sample).toByteArray();
        byte[] twice = new EventCodec.Writer().encode(other).toByteArray();

        assertEquals(sample, EventCodec.decode(once));
        assertEquals(other, EventCodec.decode(twice));
        assertEquals(json, EventCodec.message(once, 0, once.length));
        assertTrue(once.length < twice.length - json.length(), once.length + " bytes against " + twice.length + ": the text once");
    }

    @Test
    void codecReadsTheMessageAndIdentityWithoutTheRest() {
        Event e = everyFieldSet().withIdentity("peer-2", 981);
        byte[] b = new EventCodec.Writer().encode(e).toByteArray();
        assertEquals(e.msg(), EventCodec.message(b, 0, b.length));
        assertEquals(new EventCodec.Identity("peer-2", 981), EventCodec.identity(b, 0, b.length));
    }

    @Test
    void codecRefusesARecordOfAnotherVersionOrCutShort() {
        byte[] b = new EventCodec.Writer().encode(everyFieldSet()).toByteArray();
        byte[] future = b.clone();
        future[0] = 3;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(future)).getMessage().contains("version 3"));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(b, 0, b.length - 1));
    }

    @Test
    void sequenceNumbersContinueAfterReopen() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(2L, store.append(List.of(event(T0, "a"), event(T0, "b"), event(T0, "c"))).get());
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(2L, store.status().lastSeq());
            assertEquals(4L, store.append(List.of(event(T0, "d"), event(T0, "e"))).get());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), journalEvents(store.journal()).stream().map(Event::seq).toList());
        }
    }

    @Test
    void sequenceNumbersContinueWhenTheMarksFileIsLost() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(List.of(event(T0, "a"), event(T0, "b"))).get();
        }
        java.nio.file.Files.delete(dir.resolve("marks"));
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(2L, store.append(List.of(event(T0, "c"))).get());
        }
    }

    @Test
    void cyclesRollWithTheInjectedClock() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(List.of(event(T0, "first hour"))).get();
            clock.advance(Duration.ofHours(1));
            store.append(List.of(event(T0, "second hour"))).get();
            clock.advance(Duration.ofHours(2));
            store.append(List.of(event(T0, "fourth hour"))).get();
            List<Journal.CycleFile> files = store.journal().cycleFiles();
            assertEquals(List.of("20261124-10F.cq4", "20261124-11F.cq4", "20261124-13F.cq4"),
                    files.stream().map(f -> f.path().getFileName().toString()).toList());
            assertEquals(List.of("first hour", "second hour", "fourth hour"),
                    journalEvents(store.journal()).stream().map(Event::msg).toList());
        }
    }

    @Test
    void aClockSteppedBackKeepsAppendingToTheNewestCycle() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            clock.advance(Duration.ofHours(2));
            store.append(List.of(event(T0, "later"))).get();
            clock.set(T0);
            store.append(List.of(event(T0, "after the step back"))).get();
            assertEquals(1, store.journal().cycleFiles().size());
            assertEquals(List.of("later", "after the step back"), journalEvents(store.journal()).stream().map(Event::msg).toList());
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(List.of(event(T0, "after reopening with the old clock"))).get();
            assertEquals(1, store.journal().cycleFiles().size());
        }
    }

    @Test
    void appendIsRefusedAtOnceWhenTheWriterIsTooFarBehind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        try (Journal journal = Journal.open(dir.resolve("journal"), new MutableClock(T0))) {
            HighWaterMarks marks = HighWaterMarks.recover(new DurableFile(dir.resolve("marks")), journal);
            JournalWriter writer = new JournalWriter(journal, "node1", marks, 10, Duration.ofSeconds(1), () -> {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                writer.append(List.of(event(T0, "blocks the writer in its callback")));
                assertTrue(stuck.await(10, TimeUnit.SECONDS));
                CompletableFuture<Long> accepted = writer.append(List.of(
                        event(T0, "1"), event(T0, "2"), event(T0, "3"), event(T0, "4"), event(T0, "5"), event(T0, "6")));
                CompletableFuture<Long> refused = writer.append(List.of(
                        event(T0, "7"), event(T0, "8"), event(T0, "9"), event(T0, "10"), event(T0, "11")));
                ExecutionException e = assertThrows(ExecutionException.class, refused::get);
                assertInstanceOf(RejectedExecutionException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("6 events waiting, limit 10"), e.getCause().getMessage());
                release.countDown();
                assertEquals(6L, accepted.get(10, TimeUnit.SECONDS));
            } finally {
                release.countDown();
                writer.close();
            }
            assertEquals(7, journalEvents(journal).size());
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedUntilTheFirstCloses() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> Store.open(config(dir, "node1"), clock));
            assertTrue(e.getMessage().contains("in use by another store"), e.getMessage());
            store.append(List.of(event(T0, "still works"))).get();
        }
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            assertEquals(1, journalEvents(store.journal()).size());
        }
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        Store store = Store.open(config(dir, "node1"), new MutableClock(T0));
        store.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> store.append(List.of(event(T0, "late"))).get());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
