package dev.logq.store;

import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.Copies;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies of one sending: a client sent some events to several nodes, and replication put each copy on
 * this node under its own origin. Searches and counts show each sending once, as often as the origin
 * holding most copies holds it; repeats within one origin stay; all copies on request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopiesTest {

    static final Instant T1 = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant T2 = T1.plusSeconds(1);
    static final Instant T3 = T1.plusSeconds(2);
    static final Instant OTHER_DAY = T1.minus(Duration.ofDays(2));

    @TempDir
    static Path dir;
    Store store;

    @BeforeAll
    void fill() throws Exception {
        store = Store.open(config(dir, "n1"), new MutableClock(T1.plus(Duration.ofDays(1))));
        // Separate batches, separate segments: copies of one sending meet only when segments are merged.
        store.append(List.of(event(T1, "A sent to n1 and n2"), event(T2, "B sent twice to each"), event(T2, "B sent twice to each"))).get();
        awaitIndexed(store);
        store.appendReplicated(List.of(copy(T1, "A sent to n1 and n2", "n2", 0), copy(T2, "B sent twice to each", "n2", 1),
                copy(T3, "D sent to n2 only", "n2", 2))).get();
        awaitIndexed(store);
        store.appendReplicated(List.of(copy(T2, "B sent twice to each", "n3", 0), copy(T2, "B sent twice to each", "n3", 1),
                copy(T2, "C sent to n3 only", "n3", 2))).get();
        store.append(List.of(event(OTHER_DAY, "repeated"), event(OTHER_DAY, "repeated"))).get();
        awaitIndexed(store);
    }

    static Event copy(Instant ts, String msg, String origin, long seq) {
        return event(ts, msg).withIdentity(origin, seq);
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    static Query query(String pattern, PatternMode mode, Order order, long limit, boolean allCopies) {
        return new Query(pattern, mode, false, false, false, false, null, null, Set.of(), Set.of(), null, limit, order, allCopies);
    }

    static List<String> shown(List<Event> events) {
        return events.stream().map(e -> e.msg().charAt(0) + "@" + e.origin()).toList();
    }

    @Test
    void aSearchShowsEachSendingAsOftenAsTheOriginHoldingMostCopies() {
        assertEquals(List.of("r@n1", "r@n1", "A@n1", "B@n1", "B@n1", "C@n3", "D@n2"),
                shown(search(store, query(null, null, Order.OLDEST_FIRST, 0, false))));
    }

    @Test
    void newestFirstIsTheReverseAndTheLimitCountsWhatIsShown() {
        assertEquals(List.of("D@n2", "C@n3", "B@n1", "B@n1", "A@n1", "r@n1", "r@n1"),
                shown(search(store, query(null, null, Order.NEWEST_FIRST, 0, false))));
        assertEquals(List.of("D@n2", "C@n3", "B@n1"), shown(search(store, query(null, null, Order.NEWEST_FIRST, 3, false))));
    }

    @Test
    void allCopiesShowsEveryStoredCopy() {
        assertEquals(11, search(store, query(null, null, Order.OLDEST_FIRST, 0, true)).size());
    }

    @Test
    void countsAgreeWithTheSearchAndAttributeToTheShownOrigin() throws IOException {
        assertEquals(Map.of("n1", 5L, "n2", 1L, "n3", 1L), store.count(query(null, null, Order.OLDEST_FIRST, 0, false)));
        assertEquals(Map.of("n1", 5L, "n2", 3L, "n3", 3L),
                store.count(query(null, null, Order.OLDEST_FIRST, 0, true)));
        // A pattern the index cannot decide alone: every candidate is verified against its stored event.
        Query verified = query("^[BC] sent", PatternMode.EXTENDED, Order.OLDEST_FIRST, 0, false);
        assertEquals(Map.of("n1", 2L, "n3", 1L), store.count(verified));
        assertEquals(shown(search(store, verified)).size(), 3);
    }

    @Test
    void countsByGroupCountEachSendingOnceToo() throws IOException {
        Query q = query(null, null, Order.OLDEST_FIRST, 0, false);
        for (CountBy by : List.of(CountBy.parse("host", 0), CountBy.parse("1m", 0))) {
            Map<String, Map<String, Long>> expected = new TreeMap<>();
            for (Event e : search(store, q)) {
                expected.computeIfAbsent(e.origin(), o -> new TreeMap<>()).merge(by.keyOf(e), 1L, Long::sum);
            }
            assertEquals(expected, store.count(q, by), by.toString());
            assertEquals(7L, store.count(q, by).values().stream().flatMap(g -> g.values().stream()).mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void theRuleAloneTiesGoToTheSmallestOriginAndOrderIsKept() {
        record E(String content, String origin) {}
        List<E> run = new ArrayList<>(List.of(new E("x", "b"), new E("y", null), new E("x", "a"), new E("y", "c"), new E("y", "c")));
        assertEquals(List.of(new E("x", "a"), new E("y", "c"), new E("y", "c")), Copies.collapse(run, E::content, E::origin));
        List<E> oneOrigin = List.of(new E("x", "a"), new E("x", "a"));
        assertEquals(oneOrigin, Copies.collapse(oneOrigin, E::content, E::origin));
    }
}
