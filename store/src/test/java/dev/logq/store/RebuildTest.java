package dev.logq.store;

import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index partitions built again from the journal: one found corrupt at open, and those logqd reindex drops. */
class RebuildTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    private StoreConfig twoDaysConfig() {
        return StoreFixtures.config(dir, "node1", Duration.ofDays(1), null);
    }

    /** 300 events on the 20th and 300 on the 21st: two partitions. */
    private List<String> twoDays() throws Exception {
        List<String> sent = new ArrayList<>();
        try (Store store = Store.open(twoDaysConfig(), clock)) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String msg = "event " + i;
                events.add(event(Instant.parse(i < 300 ? "2026-11-20T10:00:00Z" : "2026-11-21T10:00:00Z").plusSeconds(i), msg));
                sent.add(msg);
            }
            store.append(events).get();
            awaitIndexed(store);
        }
        return sent;
    }

    private static List<String> sortedMessages(Store store) {
        return all(store).stream().map(Event::msg).sorted().toList();
    }

    private List<Path> under(String sub) throws IOException {
        if (!Files.isDirectory(dir.resolve(sub))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir.resolve(sub))) {
            return files.toList();
        }
    }

    @Test
    void aPartitionFoundCorruptIsMovedAsideAndRebuiltFromTheJournalWhileTheOtherServes() throws Exception {
        List<String> sent = twoDays();
        Path segments;
        try (Stream<Path> files = Files.list(dir.resolve("index/20261120T00"))) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
        }
        Files.write(segments, "not a segments file".getBytes());

        try (Store store = Store.open(twoDaysConfig(), clock)) {
            assertEquals(List.of("20261120T00"), store.status().rebuilding(), "said until it is rebuilt");
            List<Path> aside = under("corrupt");
            assertEquals(1, aside.size(), aside.toString());
            assertTrue(aside.getFirst().getFileName().toString().startsWith("index-20261120T00-"), aside.toString());

            awaitIndexed(store);
            assertEquals(List.of(), store.status().rebuilding());
            assertEquals(sent.stream().sorted().toList(), sortedMessages(store), "every event once, the 21st's not twice");
        }
    }

    @Test
    void dropIndexSinceATimeDeletesThePartitionsFromThenOnAndTheNextOpenBuildsThemAgain() throws Exception {
        List<String> sent = twoDays();
        assertEquals(List.of("20261121T00"), Store.dropIndex(twoDaysConfig(), Instant.parse("2026-11-21T00:00:00Z")));
        assertEquals(List.of(dir.resolve("index/20261120T00")), under("index").stream().filter(Files::isDirectory).toList());
        try (Store store = Store.open(twoDaysConfig(), clock)) {
            awaitIndexed(store);
            assertEquals(sent.stream().sorted().toList(), sortedMessages(store));
        }
        assertEquals(List.of("20261120T00", "20261121T00"), Store.dropIndex(twoDaysConfig(), null));
        try (Store store = Store.open(twoDaysConfig(), clock)) {
            awaitIndexed(store);
            assertEquals(sent.stream().sorted().toList(), sortedMessages(store));
        }
    }

    @Test
    void dropIndexRefusesAStoreThatIsOpen() throws Exception {
        try (Store store = Store.open(twoDaysConfig(), clock)) {
            IOException e = assertThrows(IOException.class, () -> Store.dropIndex(twoDaysConfig(), null));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }
}
