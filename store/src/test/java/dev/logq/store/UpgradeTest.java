package dev.logq.store;

import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every data directory an earlier release wrote (the tarballs under resources/dev/logq/store/upgrade, made by
 * {@link UpgradeFixture}) opens with this build, and every event is there as it was stored: the index is
 * not rebuilt, appends go on, and replicated events are still known (a copy sent again is not stored twice).
 */
class UpgradeTest {

    @TempDir
    Path dir;

    static List<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/dev/logq/store/upgrade"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz")).sorted().toList();
        }
    }

    private void unpack(String fixture) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", Path.of("src/test/resources/dev/logq/store/upgrade", fixture).toAbsolutePath().toString(),
                "-C", dir.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor(), "tar -xzf " + fixture);
    }

    private static List<String> comparable(List<Event> events) {
        return events.stream().sorted(Comparator.comparing(Event::ts).thenComparing(Event::msg))
                .map(e -> e.ts() + " " + e.host() + " " + e.app() + " " + e.procid() + " " + e.msgid() + " " + e.facility() + " "
                        + e.severity() + " " + e.msg() + " " + e.sd() + " " + e.fields() + " " + (e.origin() == null ? UpgradeFixture.NODE : e.origin()))
                .toList();
    }

    /** Equal lists, or a failure naming only the entries that differ (there are 703). */
    private static void assertSame(List<String> expected, List<String> found) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(found);
        List<String> extra = new ArrayList<>(found);
        extra.removeAll(expected);
        assertEquals(expected.size(), found.size(), "events found; missing " + missing.stream().limit(3).toList() + ", unexpected "
                + extra.stream().limit(3).toList());
        assertEquals(List.of(), missing.stream().limit(3).toList(), "found instead: " + extra.stream().limit(3).toList());
        assertEquals(expected, found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anEarlierReleasesDataDirectoryOpensWithEveryEvent(String fixture) throws Exception {
        unpack(fixture);
        StoreFixtures.MutableClock clock = new StoreFixtures.MutableClock(UpgradeFixture.WRITTEN.plus(Duration.ofDays(1)));
        try (Store store = Store.open(UpgradeFixture.config(dir), clock)) {
            List<Event> expected = new ArrayList<>(UpgradeFixture.localEvents());
            expected.addAll(UpgradeFixture.replicatedEvents());
            assertSame(comparable(expected), comparable(all(store)));
            assertEquals(0, store.status().indexLag(), "nothing to index again");
            assertEquals(UpgradeFixture.LOCAL + 3 - 1, store.status().lastSeq(), "503 events of its own, numbered from 0");

            store.appendReplicated(List.of(UpgradeFixture.replicatedEvents().get(4))).get();
            store.append(List.of(StoreFixtures.event(clock.instant(), "after the upgrade"))).get();
            awaitIndexed(store);
            assertEquals(expected.size() + 1, all(store).size(), "a replicated copy sent again is not stored twice");
            assertEquals(Map.of("log1", 1L), store.count(QueryEngineTest.fixed("after the upgrade")));
        }
    }

    @Test
    void aDataDirectoryOfANewerFormatIsRefusedWithAMessage() throws Exception {
        UpgradeFixture.write(dir, new StoreFixtures.MutableClock(UpgradeFixture.WRITTEN));
        Files.writeString(dir.resolve("format"), "version=" + (DataFormat.CURRENT + 1) + "\n");
        IOException e = assertThrows(IOException.class, () -> Store.open(UpgradeFixture.config(dir), new StoreFixtures.MutableClock(UpgradeFixture.WRITTEN)));
        assertTrue(e.getMessage().contains("written by a newer logqd; this one reads formats up to " + DataFormat.CURRENT), e.getMessage());
    }
}
