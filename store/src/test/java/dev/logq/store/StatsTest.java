package dev.logq.store;

import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severity;
import dev.logq.store.model.StatsRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host statistics from the index against the same aggregates computed from the samples that were
 * stored: three hosts sending a jsonperfmon-shaped sample every 10 s for an hour, some without a disk,
 * one value too long for the index's value lists, and unrelated events between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final List<String> HOSTS = List.of("db1", "web1", "web2");

    @TempDir
    static Path dir;
    Store store;
    /** host -> minute bucket -> user_pct values, as sent */
    final Map<String, Map<Long, List<Double>>> sent = new TreeMap<>();

    @BeforeAll
    void fill() throws Exception {
        store = Store.open(config(dir, "node1"), new MutableClock(T0.plus(Duration.ofDays(1))));
        Random random = new Random(7);
        List<Event> batch = new ArrayList<>();
        for (int s = 0; s < 3600; s += 10) {
            for (String host : HOSTS) {
                double user = Math.round(random.nextDouble() * 1000) / 10.0;
                String disks = host.equals("db1") ? ",\"disks\":{\"vda\":{\"busy_pct\":" + (s / 10 % 100) + "}}" : "";
                String fields = "{\"cpu_total\":{\"physique\":{\"user_pct\":" + user + "}}" + disks + ",\"server\":\"" + host
                        + "\",\"timestamp\":" + T0.plusSeconds(s).getEpochSecond() + "}";
                Instant ts = T0.plusSeconds(s);
                batch.add(new Event(ts, ts, host, "logq-perfmon", null, null, Facility.LOCAL1, Severity.INFO, fields, Map.of(), fields,
                        null, Event.NO_SEQ, "test"));
                sent.computeIfAbsent(host, h -> new TreeMap<>()).computeIfAbsent(ts.getEpochSecond() / 60 * 60, b -> new ArrayList<>()).add(user);
            }
            batch.add(new Event(T0.plusSeconds(s), T0.plusSeconds(s), "web1", "nginx", null, null, Facility.USER, Severity.INFO,
                    "GET / 200", Map.of(), "{\"cpu_total\":{\"physique\":{\"user_pct\":999}}}", null, Event.NO_SEQ, "test"));
        }
        store.append(batch).get();
        awaitIndexed(store);
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    static Query samples(Set<String> hosts) {
        return new Query(null, PatternMode.BASIC, false, false, false, false, null, null, hosts, Set.of("logq-perfmon"), null, 0,
                Order.OLDEST_FIRST, false, List.of());
    }

    @Test
    void everyBucketOfEveryHostHasTheAggregatesOfWhatWasSent() throws IOException {
        List<StatsRow> rows = store.stats(samples(Set.of()), List.of("cpu_total.physique.user_pct"), new CountBy(CountBy.Kind.TIME, 60, 0));

        assertEquals(3 * 60, rows.size(), "three hosts, sixty minutes");
        for (StatsRow row : rows) {
            List<Double> values = sent.get(row.host()).get(row.bucket());
            assertEquals(values.size(), row.count(), row.toString());
            assertEquals(values.stream().mapToDouble(Double::doubleValue).sum(), row.sum(), 1e-9);
            assertEquals(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), row.min());
            assertEquals(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), row.max());
            assertEquals(values.get(values.size() - 1), row.last());
            assertEquals(row.bucket() + 50, row.lastSecond());
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertEquals(sorted[(int) Math.ceil(0.95 * sorted.length) - 1], row.p95());
            assertEquals("node1", row.origin());
        }
    }

    @Test
    void aFieldOnlySomeHostsHaveGivesRowsForThoseAndHostFiltersApply() throws IOException {
        List<StatsRow> disks = store.stats(samples(Set.of()), List.of("disks.vda.busy_pct"), new CountBy(CountBy.Kind.TIME, 3600, 0));
        assertEquals(1, disks.size());
        assertEquals("db1", disks.get(0).host());
        assertEquals(360, disks.get(0).count());
        assertEquals(99.0, disks.get(0).max());

        List<StatsRow> web2 = store.stats(samples(Set.of("web2")), List.of("cpu_total.physique.user_pct", "disks.vda.busy_pct"),
                new CountBy(CountBy.Kind.TIME, 3600, 0));
        assertEquals(1, web2.size(), web2.toString());
        assertEquals(360, web2.get(0).count());
        assertTrue(web2.get(0).max() < 999, "the nginx event with the same field is not a sample");
    }

    @Test
    void aSampleOfAHostWithManyCpusHasItsLaterGroupsAsFieldsToo(@TempDir Path other) throws Exception {
        // 128 CPUs of 5 values each come before memory in a sample: 640 values, then the rest
        StringBuilder fields = new StringBuilder("{\"cpus\":{");
        for (int c = 0; c < 128; c++) {
            fields.append(c == 0 ? "" : ",").append("\"").append(c).append("\":{\"user_pct\":1,\"sys_pct\":2,\"wait_pct\":0,\"idle_pct\":97,\"steal_pct\":0}");
        }
        fields.append("},\"memory\":{\"real_free\":512},\"server\":\"big\"}");
        try (Store s = Store.open(config(other, "node1"), new MutableClock(T0.plus(Duration.ofDays(1))))) {
            s.append(List.of(new Event(T0, T0, "big", "logq-perfmon", null, null, Facility.LOCAL1, Severity.INFO, "x", Map.of(),
                    fields.toString(), null, Event.NO_SEQ, "test"))).get();
            awaitIndexed(s);

            List<StatsRow> rows = s.stats(samples(Set.of()), List.of("memory.real_free", "cpus.127.idle_pct"),
                    new CountBy(CountBy.Kind.TIME, 60, 0));

            assertEquals(List.of("cpus.127.idle_pct", "memory.real_free"), rows.stream().map(StatsRow::field).toList());
            assertEquals(512.0, rows.get(1).last());
        }
    }

    @Test
    void aStarInANameStandsForTheSamplesFieldsItMatches() throws IOException {
        List<StatsRow> rows = store.stats(samples(Set.of()), List.of("disks.*.busy_pct", "cpu_total.*"),
                new CountBy(CountBy.Kind.TIME, 86400, 0));

        assertEquals(Set.of("disks.vda.busy_pct", "cpu_total.physique.user_pct"), Set.copyOf(rows.stream().map(StatsRow::field).toList()));
        assertEquals(360, rows.stream().filter(r -> r.field().equals("disks.vda.busy_pct")).mapToLong(StatsRow::count).sum());
        assertEquals(List.of(), store.stats(samples(Set.of()), List.of("nothing.*"), new CountBy(CountBy.Kind.TIME, 86400, 0)));
    }

    @Test
    void rowsOfTwoOriginsCombineAsOne() {
        StatsRow a = new StatsRow("f", "n1", "h", 0, 2, 10, 4, 6, 50, 6, 6);
        StatsRow b = new StatsRow("f", "n2", "h", 0, 1, 9, 9, 9, 40, 9, 9);

        StatsRow both = a.plus(b);
        assertEquals(3, both.count());
        assertEquals(19, both.sum());
        assertEquals(4, both.min());
        assertEquals(9, both.max());
        assertEquals(6, both.last(), "the later sample's value");
        assertEquals(Arrays.asList(50L, 9.0), Arrays.asList(both.lastSecond(), both.p95()));
    }

    @Test
    void onlyTimeBucketsAreAsked() {
        assertThrows(IllegalArgumentException.class,
                () -> store.stats(samples(Set.of()), List.of("x"), new CountBy(CountBy.Kind.HOST, 0, 0)));
    }
}
