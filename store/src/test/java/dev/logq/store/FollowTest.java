package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.FollowSink;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severities;
import dev.logq.store.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    record Seen(String msg, long position) {}

    /** A follower on its own thread, handing over what it sees; stop() ends it. */
    static final class Following implements FollowSink, AutoCloseable {
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        volatile boolean stop;
        final Thread thread;

        Following(Store store, Query q, long after, int backlog) {
            thread = Thread.ofPlatform().start(() -> {
                try {
                    store.follow(q, after, backlog, this);
                } catch (Exception e) {
                    seen.add(new Seen("FAILED " + e, -1));
                }
            });
        }

        @Override
        public boolean accept(Event event, long position) {
            seen.add(new Seen(event.msg(), position));
            return !stop;
        }

        @Override
        public boolean idle() {
            return !stop;
        }

        List<Seen> take(int n) throws InterruptedException {
            List<Seen> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Seen s = seen.poll(10, TimeUnit.SECONDS);
                assertTrue(s != null, "only " + got + " of " + n);
                got.add(s);
            }
            return got;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    static Query pattern(String p, Instant since) {
        return new Query(p, PatternMode.FIXED, false, false, false, false, since, null, Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false);
    }

    static List<Event> events(String prefix, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(StoreFixtures.event(T0.plusSeconds(i), (i % 2 == 0 ? "match " : "other ") + prefix + i));
        }
        return events;
    }

    @Test
    void startsWithTheNewestMatchesThenFollowsAndResumesAfterAPositionWithNothingMissedOrRepeated() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events("a", 20)).get();
            long resumeAt;
            try (Following f = new Following(store, pattern("match", null), -1, 3)) {
                assertEquals(List.of("match a14", "match a16", "match a18"), f.take(3).stream().map(Seen::msg).toList());
                store.append(events("b", 4)).get();
                List<Seen> live = f.take(2);
                assertEquals(List.of("match b0", "match b2"), live.stream().map(Seen::msg).toList());
                resumeAt = live.getFirst().position();
                assertNull(f.seen.poll(200, TimeUnit.MILLISECONDS), "nothing else matches");
            }
            store.append(events("c", 2)).get();
            try (Following f = new Following(store, pattern("match", null), resumeAt, 10)) {
                assertEquals(List.of("match b2", "match c0"), f.take(2).stream().map(Seen::msg).toList(), "after b0, the backlog ignored");
                assertNull(f.seen.poll(200, TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void theBacklogReachesBackAcrossJournalCycles() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events("a", 4)).get();
            clock.advance(Duration.ofHours(3));
            store.append(List.of(StoreFixtures.event(T0.plusSeconds(100), "match late"))).get();
            store.append(List.of(StoreFixtures.event(T0.plusSeconds(101), "other late"))).get();
            try (Following f = new Following(store, pattern("match", null), -1, 3)) {
                assertEquals(List.of("match a0", "match a2", "match late"), f.take(3).stream().map(Seen::msg).toList());
            }
        }
    }

    @Test
    void withSinceItStartsAtTheFirstEventReceivedThenAndWithoutBacklogOrSinceAtTheEnd() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(events("old", 4)).get();
            clock.advance(Duration.ofMinutes(5));
            Instant since = clock.instant();
            store.append(List.of(StoreFixtures.event(since.plusSeconds(1), "match new"))).get();
            try (Following f = new Following(store, pattern("match", since.minusSeconds(3600)), -1, 0)) {
                assertEquals(List.of("match old0", "match old2", "match new"), f.take(3).stream().map(Seen::msg).toList(),
                        "since an hour ago: all of them");
            }
            try (Following f = new Following(store, new Query("match", PatternMode.FIXED, false, false, false, false, null, null,
                    Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false), -1, 0)) {
                assertNull(f.seen.poll(300, TimeUnit.MILLISECONDS), "from the end: nothing yet");
                store.append(List.of(StoreFixtures.event(since.plusSeconds(2), "match later"))).get();
                assertEquals(List.of("match later"), f.take(1).stream().map(Seen::msg).toList());
            }
        }
    }

    @Test
    void hostAppSeverityAndFieldFiltersApplyToTheBacklogAndToNewEvents() throws Exception {
        Query q = new Query(null, PatternMode.BASIC, false, false, false, false, null, null, Set.of("web1"), Set.of("sshd"),
                Severities.parse("warning"), 0, Order.OLDEST_FIRST, false, List.of(FieldFilter.parse("port>1000")));
        try (Store store = Store.open(config(dir, "node1"), clock)) {
            store.append(mixed("old")).get();
            try (Following f = new Following(store, q, -1, 10)) {
                assertEquals(List.of("old wanted"), f.take(1).stream().map(Seen::msg).toList());
                store.append(mixed("new")).get();
                assertEquals(List.of("new wanted"), f.take(1).stream().map(Seen::msg).toList());
                assertNull(f.seen.poll(300, TimeUnit.MILLISECONDS), "nothing else is selected");
            }
        }
    }

    /** One event the query above selects, and one for each of its filters that fails. */
    static List<Event> mixed(String prefix) {
        String port = "{\"port\":2222}";
        return List.of(
                event(prefix + " wanted", "web1", "sshd", Severity.ERR, port),
                event(prefix + " other host", "web2", "sshd", Severity.ERR, port),
                event(prefix + " other app", "web1", "cron", Severity.ERR, port),
                event(prefix + " too mild", "web1", "sshd", Severity.INFO, port),
                event(prefix + " low port", "web1", "sshd", Severity.ERR, "{\"port\":22}"),
                event(prefix + " no fields", "web1", "sshd", Severity.ERR, null));
    }

    static Event event(String msg, String host, String app, Severity severity, String fields) {
        return new Event(T0, T0, host, app, null, null, Facility.USER, severity, msg, Map.of(), fields, null, Event.NO_SEQ, "test");
    }
}
