package dev.logq.store;

import dev.logq.store.model.Severities;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static dev.logq.store.StoreFixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.grep.GrepMatcher;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.internal.index.TrigramTokenStream;
import dev.logq.store.internal.search.SearchPlan;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.search.IndexSearcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries through the whole engine over three daily partitions, each with two interleaved segments from
 * this node and a third from a peer's replicated events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryEngineTest {

    static final Instant DAY1 = Instant.parse("2026-11-22T00:00:00Z");
    static final String NEEDLE = "needle-at-the-very-end";
    static final String LONG_MESSAGE = "x".repeat(TrigramTokenStream.MAX_CODE_POINTS + 900) + " " + NEEDLE;

    record Template(String host, String app, Severity severity, String msg) {}

    static final List<Template> TEMPLATES = List.of(
            new Template("web1", "sshd", Severity.WARNING, "Failed password for root from 10.0.0.1 port 22"),
            new Template("web2", "sshd", Severity.INFO, "Accepted password for alice from 10.0.0.2"),
            new Template("db1", "kernel", Severity.ERR, "Out of memory: Killed process 1234 (java)"),
            new Template("web1", "nginx", Severity.INFO, "GET /index.html 200"),
            new Template("web2", "app", Severity.ERR, "ERROR connection reset by peer"),
            new Template("db1", "app", Severity.CRIT, "error: disk full"),
            new Template("db1", "app", Severity.NOTICE, "Ünïcode Größe überschritten"),
            new Template("web2", "cron", Severity.DEBUG, "passwords rotated"));

    @TempDir
    static Path dir;
    Store store;
    List<Event> stored;

    @BeforeAll
    void fill() throws Exception {
        store = Store.open(config(dir, "node1"), new MutableClock(DAY1.plus(Duration.ofDays(3))));
        for (int minute : new int[] {0, 30}) {  // two batches -> two segments per partition, interleaved in time
            List<Event> batch = new ArrayList<>();
            for (int day = 0; day < 3; day++) {
                for (int k = 0; k < TEMPLATES.size(); k++) {
                    Template t = TEMPLATES.get(k);
                    Instant ts = DAY1.plus(Duration.ofDays(day)).plus(Duration.ofHours(2L * k)).plus(Duration.ofMinutes(minute));
                    batch.add(event(ts, t.host(), t.app(), t.severity(), t.msg()));
                }
            }
            if (minute == 30) {
                batch.add(event(DAY1.plus(Duration.ofDays(1)).plusSeconds(7), "web1", "big", Severity.INFO, LONG_MESSAGE));
            }
            store.append(batch).get();
            awaitIndexed(store);
        }
        Instant tie = DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(2));  // same ts as a node1 event
        store.appendReplicated(List.of(
                replicated(tie, 7, "Failed password for bob from 10.9.9.9 port 22"),
                replicated(tie, 8, "GET /index.html 404"),
                replicated(DAY1.plus(Duration.ofHours(5)), 9, "error: peer disk full"))).get();
        awaitIndexed(store);
        stored = StoreFixtures.journalEvents(store.journal());
    }

    static Event replicated(Instant ts, long seq, String msg) {
        return event(ts, "peerhost", "app", Severity.ERR, msg).withIdentity("peer", seq);
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    static Query query(String pattern, PatternMode mode, boolean i, boolean v, boolean w) {
        return new Query(pattern, mode, i, v, w, false, null, null, Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false);
    }

    static Query fixed(String pattern) {
        return query(pattern, PatternMode.FIXED, false, false, false);
    }

    List<String> messages(Query q) {
        return search(store, q).stream().map(Event::msg).distinct().toList();
    }

    /** What a scan of every stored event with the real matcher selects, in the query's order. */
    List<Event> scan(Query q) {
        GrepMatcher m = GrepMatcher.compile(q.pattern(), q.mode(), q.ignoreCase(), q.wordRegexp(), q.lineRegexp());
        Comparator<Event> order = Comparator.comparingLong((Event e) -> TimeKey.of(e.ts()))
                .thenComparing(Event::origin).thenComparingLong(Event::seq);
        Stream<Event> s = stored.stream()
                .filter(e -> q.since() == null || !e.ts().isBefore(q.since()))
                .filter(e -> q.until() == null || e.ts().isBefore(q.until()))
                .filter(e -> q.hosts().isEmpty() || q.hosts().contains(e.host()))
                .filter(e -> q.apps().isEmpty() || q.apps().contains(e.app()))
                .filter(e -> q.severities().contains(e.severity()))
                .filter(e -> m.matches(e.msg()) != q.invert())
                .sorted(q.order() == Order.NEWEST_FIRST ? order.reversed() : order);
        return q.limit() == 0 ? s.toList() : s.limit(q.limit()).toList();
    }

    @Test
    void everyPartitionHasSeveralSegmentsSoMergingIsExercised() throws IOException {
        assertEquals(3, store.status().partitions());
        for (Partition p : store.partitions().all()) {
            IndexSearcher s = p.acquire();
            try {
                assertTrue(s.getIndexReader().leaves().size() >= 2, p + " has " + s.getIndexReader().leaves().size() + " segment(s)");
            } finally {
                p.release(s);
            }
        }
    }

    @Test
    void theTrigramPrefilterLeavesOnlyDocumentsWithTheLiteralAndLongMessagesAsCandidates() throws IOException {
        assertEquals(6 + 1, StoreFixtures.candidates(store, new SearchPlan(query("killed PROCESS", PatternMode.FIXED, true, false, false))));
    }

    @Test
    void newestFirstIsTimeOrderAcrossPartitionsAndSegmentsWithTiesByOriginThenSeq() {
        List<Event> found = search(store, Query.all());
        assertEquals(scan(Query.all()), found);
        assertEquals(stored.size(), found.size());
        Instant tie = DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(2));
        List<String> atTie = found.stream().filter(e -> e.ts().equals(tie)).map(e -> e.origin() + "/" + e.seq()).toList();
        assertEquals(List.of("peer/8", "peer/7", "node1/17"), atTie);
    }

    @Test
    void oldestFirstIsTheReverse() {
        Query q = fixed(null);
        List<Event> found = search(store, q);
        assertEquals(scan(q), found);
        assertEquals(search(store, Query.all()).reversed(), found);
    }

    @Test
    void timeRangeIncludesSinceAndExcludesUntil() {
        Instant since = DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));   // exactly an event
        Instant until = DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(4));   // exactly an event, excluded
        Query q = new Query(null, null, false, false, false, false, since, until, Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false);
        List<Event> found = search(store, q);
        assertEquals(scan(q), found);
        assertEquals(since, found.getFirst().ts());
        assertTrue(found.getLast().ts().isBefore(until));
        assertEquals(perOrigin(found), countOf(q));
        assertTrue(countOf(q).containsKey("peer"));
    }

    private Map<String, Long> countOf(Query q) {
        try {
            return store.count(q);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Long> perOrigin(List<Event> events) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        events.forEach(e -> counts.merge(e.origin(), 1L, Long::sum));
        return counts;
    }

    @Test
    void hostAppAndSeverityFiltersAreExact() {
        Query q = new Query(null, null, false, false, false, false, null, null, Set.of("web1", "db1"), Set.of("app", "sshd"),
                Severities.parse("err"), 0, Order.NEWEST_FIRST, false);
        List<Event> found = search(store, q);
        assertEquals(scan(q), found);
        assertEquals(Set.of("error: disk full"), Set.copyOf(found.stream().map(Event::msg).toList()));
    }

    @Test
    void aSeverityRangeSelectsTheLevelsBetweenItsEnds() {
        for (String range : List.of("warning..err", "err..warning", "3..4", "info..debug", "emerg..debug")) {
            Query q = new Query(null, null, false, false, false, false, null, null, Set.of(), Set.of(), Severities.parse(range), 0,
                    Order.NEWEST_FIRST, false);
            List<Event> found = search(store, q);
            assertEquals(scan(q), found, range);
            assertTrue(found.stream().allMatch(e -> q.severities().contains(e.severity())), range);
        }
        assertTrue(search(store, new Query(null, null, false, false, false, false, null, null, Set.of(), Set.of(),
                Severities.parse("3..4"), 0, Order.NEWEST_FIRST, false)).stream().noneMatch(e -> e.severity() == Severity.CRIT),
                "crit is more severe than the range");
    }

    @Test
    void fixedStringFindsTheLiteralOnly() {
        assertEquals(List.of("Failed password for root from 10.0.0.1 port 22", "Accepted password for alice from 10.0.0.2",
                "Failed password for bob from 10.9.9.9 port 22"), sortedByFirstSeen(fixed("password for")));
        assertEquals(List.of(), messages(fixed("10.0.0.3")));
    }

    private List<String> sortedByFirstSeen(Query q) {
        return messages(q).stream().sorted(Comparator.comparingInt(m -> TEMPLATES.stream().map(Template::msg).toList().indexOf(m) < 0
                ? 1000 : TEMPLATES.stream().map(Template::msg).toList().indexOf(m))).toList();
    }

    @Test
    void extendedRegexAlternationFindsEitherBranch() {
        Query q = query("Killed process [0-9]+|reset by (peer|host)", PatternMode.EXTENDED, false, false, false);
        assertEquals(Set.of("Out of memory: Killed process 1234 (java)", "ERROR connection reset by peer"), Set.copyOf(messages(q)));
        assertEquals(scan(q), search(store, q));
    }

    @Test
    void ignoreCaseMatchesAcrossCaseIncludingNonAscii() {
        assertEquals(Set.of("ERROR connection reset by peer", "error: disk full", "error: peer disk full"),
                Set.copyOf(messages(query("error", PatternMode.BASIC, true, false, false))));
        assertEquals(Set.of("error: disk full", "error: peer disk full"),
                Set.copyOf(messages(query("error", PatternMode.BASIC, false, false, false))));
        assertEquals(List.of("Ünïcode Größe überschritten"), messages(query("ünïCODE GRÖßE", PatternMode.FIXED, true, false, false)));
        assertEquals(List.of("Ünïcode Größe überschritten"), messages(query("ÜBERSCHRITTEN$", PatternMode.BASIC, true, false, false)));
    }

    @Test
    void invertSelectsTheOtherEvents() {
        Query q = query("password", PatternMode.FIXED, false, true, false);
        List<Event> found = search(store, q);
        assertEquals(scan(q), found);
        assertTrue(found.stream().noneMatch(e -> e.msg().contains("password")));
        assertEquals(stored.size() - search(store, fixed("password")).size(), found.size());
    }

    @Test
    void wordRegexpNeedsAWholeWord() {
        Query q = query("password", PatternMode.BASIC, false, false, true);
        assertEquals(Set.of("Failed password for root from 10.0.0.1 port 22", "Accepted password for alice from 10.0.0.2",
                "Failed password for bob from 10.9.9.9 port 22"), Set.copyOf(messages(q)));
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("disk", PatternMode.FIXED, false, false, false),
                Arguments.of("DISK full", PatternMode.FIXED, true, false, false),
                Arguments.of("^GET /index\\.html [0-9]*$", PatternMode.BASIC, false, false, false),
                Arguments.of("(Accepted|Failed) password", PatternMode.EXTENDED, false, false, false),
                Arguments.of("x{5000}", PatternMode.EXTENDED, false, false, false),
                Arguments.of("pass", PatternMode.FIXED, false, false, true),
                Arguments.of("größe", PatternMode.FIXED, true, false, false),
                Arguments.of("error", PatternMode.FIXED, true, true, false),
                Arguments.of("\\(peer\\|host\\)$", PatternMode.BASIC, false, false, false),
                Arguments.of("", PatternMode.BASIC, false, false, true));
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void resultsEqualAScanWithTheSameMatcherInBothOrders(String pattern, PatternMode mode, boolean i, boolean v, boolean w) {
        for (Order order : Order.values()) {
            Query q = new Query(pattern, mode, i, v, w, false, null, null, Set.of(), Set.of(), null, 0, order, false);
            assertEquals(scan(q), search(store, q), q.toString());
        }
    }

    static Query lines(String pattern, PatternMode mode, boolean i, boolean x) {
        return new Query(pattern, mode, i, false, false, x, null, null, Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false);
    }

    @Test
    void severalPatternsSelectWhatAnyOfThemSelects() {
        Query both = lines("disk full\npasswords", PatternMode.FIXED, false, false);
        assertEquals(scan(both), search(store, both));
        assertEquals(Set.of("error: disk full", "error: peer disk full", "passwords rotated"), Set.copyOf(messages(both)));
        Query regexes = lines("^GET .* 404$\nKilled process [0-9]+", PatternMode.EXTENDED, false, false);
        assertEquals(Set.of("GET /index.html 404", "Out of memory: Killed process 1234 (java)"), Set.copyOf(messages(regexes)));
    }

    @Test
    void lineRegexpSelectsOnlyWholeLines() {
        assertEquals(List.of("error: disk full"), messages(lines("error: disk full", PatternMode.FIXED, false, true)));
        assertEquals(List.of("error: disk full"), messages(lines("ERROR: DISK FULL", PatternMode.FIXED, true, true)));
        assertEquals(List.of(), messages(lines("disk full", PatternMode.FIXED, false, true)), "a part of a line is not enough");
        assertEquals(Set.of("GET /index.html 200", "GET /index.html 404"),
                Set.copyOf(messages(lines("GET /index\\.html [0-9]*", PatternMode.BASIC, false, true))));
        assertEquals(Set.of("passwords rotated", "GET /index.html 404"),
                Set.copyOf(messages(lines("passwords rotated\nGET.*404", PatternMode.BASIC, false, true))));
        assertEquals(List.of(), messages(lines("", PatternMode.BASIC, false, true)), "-x '' selects empty lines only: there are none");
        for (Query q : List.of(lines("(Accepted|Failed) password.*", PatternMode.EXTENDED, false, true),
                lines("error: .*full", PatternMode.BASIC, true, true), lines("", PatternMode.FIXED, false, true))) {
            assertEquals(scan(q), search(store, q), q.toString());
        }
    }

    @Test
    void messagesLongerThanTheTrigramsCoverAreStillFound() {
        assertEquals(List.of(LONG_MESSAGE), messages(fixed(NEEDLE)));
        assertEquals(List.of(LONG_MESSAGE), messages(query("very-END$", PatternMode.BASIC, true, false, false)));
    }

    @Test
    void limitStopsAfterThatManyResults() {
        Query q = new Query("password", PatternMode.FIXED, false, false, false, false, null, null, Set.of(), Set.of(), null, 2,
                Order.NEWEST_FIRST, false);
        List<Event> found = search(store, q);
        assertEquals(2, found.size());
        assertEquals(scan(q), found);
    }

    @Test
    void aSinkReturningFalseStopsTheQuery() throws IOException {
        List<Event> seen = new ArrayList<>();
        store.search(Query.all(), e -> {
            seen.add(e);
            return seen.size() < 3;
        });
        assertEquals(search(store, Query.all()).subList(0, 3), seen);
    }

    @Test
    void countIsPerOriginAndVerified() throws IOException {
        assertEquals(Map.of("node1", 49L, "peer", 3L), store.count(Query.all()));
        assertEquals(Map.of("node1", 12L, "peer", 1L), store.count(fixed("password for")));
        assertEquals(Map.of("node1", 1L), store.count(fixed(NEEDLE)));
        assertEquals(Map.of("node1", 12L, "peer", 1L), store.count(query("ERROR", PatternMode.FIXED, true, false, false)));
        Query since = new Query("disk", PatternMode.FIXED, false, false, false, false, DAY1.plus(Duration.ofHours(6)), null,
                Set.of(), Set.of(), null, 0, Order.OLDEST_FIRST, false);
        assertEquals(perOrigin(scan(since)), store.count(since));
        assertEquals(Map.of(), store.count(query("", PatternMode.BASIC, false, true, false)));
    }

    @Test
    void countsRunningAtOnceEachGetTheirWholeCountThoughTheyShareHelperThreads() throws Exception {
        // the partitions of a count are shared out to helper threads; with more counts than helpers,
        // some counts find them busy and count alone: every count must still be whole
        Map<String, Long> all = perOrigin(scan(Query.all()));
        Map<String, Long> some = perOrigin(scan(fixed("password for")));
        assertEquals(3, store.status().partitions());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                boolean even = i % 2 == 0;
                runs.add(pool.submit(() -> even ? store.count(Query.all()).equals(all) : store.count(fixed("password for")).equals(some)));
            }
            for (var run : runs) {
                assertTrue(run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void countsByHostAppSeverityAndTimeBucketAreTheSearchResultsGrouped() throws IOException {
        List<Query> queries = List.of(Query.all(), fixed("password for"), query("ERROR", PatternMode.FIXED, true, false, false),
                query("e.r", PatternMode.BASIC, false, false, false), fixed(NEEDLE), query("disk", PatternMode.FIXED, false, true, false));
        List<CountBy> groupings = List.of(CountBy.parse("host", 0), CountBy.parse("app", 0), CountBy.parse("severity", 0),
                CountBy.parse("1h", 0), CountBy.parse("1d", 3600), CountBy.parse("90m", -1800));
        for (Query q : queries) {
            for (CountBy by : groupings) {
                Map<String, Map<String, Long>> expected = new TreeMap<>();
                for (Event e : scan(q)) {
                    expected.computeIfAbsent(e.origin(), o -> new TreeMap<>()).merge(by.keyOf(e), 1L, Long::sum);
                }
                assertEquals(expected, store.count(q, by), q.pattern() + " by " + by);
            }
        }
    }

    @Test
    void aDayBucketStartsAtTheAskersMidnight() {
        CountBy berlin = CountBy.parse("1d", 3600);
        long nov22Midnight = Instant.parse("2026-11-21T23:00:00Z").getEpochSecond();
        assertEquals(nov22Midnight, berlin.bucketOf(Instant.parse("2026-11-22T22:59:59Z").getEpochSecond()));
        assertEquals(nov22Midnight + 86400, berlin.bucketOf(Instant.parse("2026-11-22T23:00:00Z").getEpochSecond()));
        assertEquals(CountBy.field("nonsense"), CountBy.parse("nonsense", 0), "a name that is no keyword is a field's");
        assertThrows(IllegalArgumentException.class, () -> CountBy.parse("5x", 0));
        assertThrows(IllegalArgumentException.class, () -> CountBy.parse("a b", 0));
        assertThrows(IllegalArgumentException.class, () -> CountBy.parse("1500ms", 0));
    }

    @Test
    void aBadPatternIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> store.search(query("a(b", PatternMode.EXTENDED, false, false, false), e -> true));
        assertThrows(IllegalArgumentException.class, () -> store.count(query("[z-a]", PatternMode.BASIC, false, false, false)));
    }
}
