package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.EventFields;
import dev.logq.store.internal.search.SearchPlan;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.FieldCounts;
import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structured fields through the whole store: every filter the index narrows agrees with the same
 * filter checked on every stored event, over JSON fields, structured data, numbers written as text,
 * arrays and nesting, and one replicated copy of an event that must count once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldsTest {

    @TempDir
    static Path dir;
    Store store;
    List<Event> stored;

    static final List<String> FIELDS = List.of(
            "{\"status\":200,\"path\":\"/index.html\",\"ms\":12.5}",
            "{\"status\":404,\"path\":\"/missing\",\"ms\":3}",
            "{\"status\":\"500\",\"path\":\"/api\",\"ms\":950.25,\"tags\":[\"slow\",\"api\"]}",
            "{\"http\":{\"status\":200,\"method\":\"GET\"},\"user\":null}",
            "{\"status\":200.0,\"ok\":true,\"path\":\"" + "p".repeat(300) + "\"}");

    @BeforeAll
    void fill() throws Exception {
        store = Store.open(config(dir, "node1"), new MutableClock(T0.plus(Duration.ofDays(1))));
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String fields = i % 8 < FIELDS.size() ? FIELDS.get(i % 8) : null;
            Map<String, Map<String, String>> sd = i % 3 == 0
                    ? Map.of("origin", Map.of("ip", "192.0.2." + (i % 5)), "exampleSDID@32473", Map.of("iut", Integer.toString(i % 4)))
                    : Map.of();
            batch.add(new Event(T0.plusSeconds(i), T0.plusSeconds(i), i % 2 == 0 ? "web1" : "web2", "app", null, null, Facility.USER,
                    Severity.INFO, "event " + i, sd, fields, null, Event.NO_SEQ, "test"));
        }
        store.append(batch).get();
        awaitIndexed(store);
        store.appendReplicated(List.of(StoreFixtures.journalEvents(store.journal()).get(2).withIdentity("peer", 0))).get();
        awaitIndexed(store);
        stored = StoreFixtures.journalEvents(store.journal());
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    static Query filtered(String... filters) {
        return new Query(null, PatternMode.BASIC, false, false, false, false, null, null, Set.of(), Set.of(), null, 0,
                Order.OLDEST_FIRST, true, List.of(filters).stream().map(FieldFilter::parse).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=200", "status=500", "status>=404", "status<300", "status!=200", "path=/missing",
            "path=" + "pppp", "ms>12.5", "ms>=12.5", "ms<=3", "tags=slow", "http.status=200", "http.method=GET",
            "origin.ip=192.0.2.3", "exampleSDID@32473.iut>1", "exampleSDID@32473.iut=0", "ok=true", "user=null", "nothere=1",
            "nothere!=1"})
    void aFilterSelectsExactlyTheEventsItHoldsFor(String filter) {
        FieldFilter f = FieldFilter.parse(filter);
        List<String> expected = stored.stream().filter(e -> EventFields.matches(f, EventFields.of(e)))
                .sorted(Comparator.comparing(Event::ts).thenComparing(Event::origin)).map(Event::msg).toList();
        assertEquals(expected, search(store, filtered(filter)).stream().map(Event::msg).toList(), filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=404", "status>=404", "path=/missing", "ms>12.5", "tags=api", "origin.ip=192.0.2.3",
            "exampleSDID@32473.iut>1"})
    void theIndexNarrowsToTheMatchesAlone(String filter) throws IOException {
        assertEquals(search(store, filtered(filter)).size(), StoreFixtures.candidates(store, new SearchPlan(filtered(filter))), filter);
    }

    @Test
    void twoNamesWithTheSameHashAreToldApartByTheirEvents(@TempDir Path other) throws Exception {
        Map<Long, String> seen = new java.util.HashMap<>();
        String[] pair = null;
        for (int i = 0; pair == null; i++) {
            String name = "f" + i;
            String before = seen.putIfAbsent(EventDocument.fieldNameHash(name), name);
            if (before != null) {
                pair = new String[] {before, name};
            }
        }
        try (Store s = Store.open(config(other, "node1"), new MutableClock(T0.plus(Duration.ofDays(1))))) {
            s.append(List.of(
                    new Event(T0, T0, "h", "app", null, null, Facility.USER, Severity.INFO, "small", Map.of(),
                            "{\"" + pair[0] + "\":5}", null, Event.NO_SEQ, "test"),
                    new Event(T0, T0, "h", "app", null, null, Facility.USER, Severity.INFO, "large", Map.of(),
                            "{\"" + pair[1] + "\":50}", null, Event.NO_SEQ, "test"))).get();
            awaitIndexed(s);
            Query q = filtered(pair[0] + ">10");
            assertEquals(Map.of(), s.count(q), pair[0] + " and " + pair[1] + " share a hash: the points alone would count 'large'");
            assertEquals(List.of(), search(s, q));
            assertEquals(List.of("small"), search(s, filtered(pair[0] + "<10")).stream().map(Event::msg).toList());
        }
    }

    @Test
    void theLongTextIsFoundThoughItHasNoTermOfItsOwn() {
        assertEquals(List.of("event 4", "event 12", "event 20", "event 28", "event 36"),
                search(store, filtered("path=" + "p".repeat(300))).stream().map(Event::msg).toList());
    }

    @Test
    void numbersCompareAsNumbersWhateverTheirSpelling() {
        assertEquals(search(store, filtered("status=200")), search(store, filtered("status=200.00")));
        assertTrue(search(store, filtered("status=200")).stream().anyMatch(e -> e.fields().contains("200.0")));
        assertTrue(search(store, filtered("status>499")).stream().allMatch(e -> e.fields().contains("\"500\"")));
    }

    @Test
    void severalFiltersMustAllHold() {
        assertEquals(List.of("event 1", "event 9", "event 17", "event 25", "event 33"),
                search(store, filtered("status>300", "status<450")).stream().map(Event::msg).toList());
    }

    @Test
    void countsByAFieldCountEachValueAndLeaveOutEventsWithoutIt() throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        for (Event e : stored) {
            if (!"peer".equals(e.origin())) {
                EventFields.keys(CountBy.field("tags"), e).forEach(k -> expected.merge(k, 1L, Long::sum));
            }
        }
        Map<String, Map<String, Long>> counted = store.count(Query.all(), CountBy.field("tags"));
        assertEquals(Map.of("node1", Map.of("slow", 5L, "api", 5L)), counted, "the copy of event 2 counted once");
        assertEquals(Map.of("node1", expected), counted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "ms", "path", "http.status", "exampleSDID@32473.iut", "origin.ip", "ok", "nothere"})
    void countsByAnyFieldAgreeWithTheEventsFromDocValuesOrFromTheEvent(String field) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        for (Event e : stored) {
            if (!"peer".equals(e.origin())) {
                EventFields.keys(CountBy.field(field), e).forEach(k -> expected.merge(k, 1L, Long::sum));
            }
        }
        Map<String, Map<String, Long>> counted = store.count(Query.all(), CountBy.field(field));
        assertEquals(expected.isEmpty() ? Map.of() : Map.of("node1", expected), counted, field);
    }

    @Test
    void fieldNamesAreCountedWithExamples() throws IOException {
        FieldCounts fields = store.fields(Query.all());
        Map<String, Long> expected = new TreeMap<>();
        for (Event e : stored) {
            if (!"peer".equals(e.origin())) {
                EventFields.keys(new CountBy(CountBy.Kind.FIELDS, 0, 0), e).forEach(k -> expected.merge(k, 1L, Long::sum));
            }
        }
        assertEquals(Map.of("node1", expected), fields.counts());
        assertEquals(List.of("200", "404", "500"), fields.examples().get("status"));
        assertEquals(List.of("slow", "api"), fields.examples().get("tags"));
        assertEquals(Set.of("status", "path", "ms", "tags", "http.status", "http.method", "ok", "origin.ip", "exampleSDID@32473.iut"),
                fields.examples().keySet());
    }

    @Test
    void fieldNamesOfSomeEventsOnly() throws IOException {
        Query web2 = new Query(null, PatternMode.BASIC, false, false, false, false, T0.plusSeconds(10), T0.plusSeconds(20),
                Set.of("web2"), Set.of(), null, 0, Order.OLDEST_FIRST, false);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (Event e : stored) {
            if (e.host().equals("web2") && !e.ts().isBefore(T0.plusSeconds(10)) && e.ts().isBefore(T0.plusSeconds(20))) {
                EventFields.keys(new CountBy(CountBy.Kind.FIELDS, 0, 0), e).forEach(k -> expected.merge(k, 1L, Long::sum));
            }
        }
        assertEquals(Map.of("node1", new TreeMap<>(expected)), store.fields(web2).counts());
    }
}
