package dev.logq.store;

import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the data directory that {@link UpgradeTest} opens with every later build: each kind of event
 * logqd stores (local and replicated, with structured data, JSON fields, a host-stats sample) over three
 * index partitions. Run it once per release whose on-disk format changed, and add the tarball it makes
 * beside the earlier ones (docs/operations.md, "Upgrading"):
 *
 * <pre>
 * java -cp ... dev.logq.store.UpgradeFixture /tmp/fixture \
 *   && tar -czf store/src/test/resources/dev/logq/store/upgrade/datadir-VERSION.tar.gz -C /tmp/fixture .
 * </pre>
 */
final class UpgradeFixture {

    static final String NODE = "log1";
    static final Instant WRITTEN = Instant.parse("2026-12-01T10:00:00Z");
    static final int LOCAL = 500;
    static final int REPLICATED = 200;

    private UpgradeFixture() {}

    static StoreConfig config(Path dir) {
        return new StoreConfig(dir, NODE, Duration.ofDays(1), null, Duration.ofMillis(20), Duration.ofMillis(100), 0, 0);
    }

    /** Every event the fixture holds, as {@link #write} appends them. */
    static List<Event> localEvents() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < LOCAL; i++) {
            Instant ts = WRITTEN.minus(Duration.ofDays(1)).plusSeconds(i * 300L);  // Nov 30 10:00 to Dec 2 03:35
            events.add(new Event(ts, ts, "web" + (i % 3), "sshd", Integer.toString(1000 + i), null, Facility.AUTH, Severity.INFO,
                    "Accepted publickey for user" + i + " from 10.0.0." + (i % 250) + " port " + (40000 + i), Map.of(), null, null,
                    Event.NO_SEQ, "tcp 127.0.0.1:40000"));
        }
        Map<String, String> params = new LinkedHashMap<>();  // in the order sent, as the store keeps them
        params.put("id", "42");
        params.put("amount", "12.50");
        events.add(new Event(WRITTEN, WRITTEN, "app7", "billing", null, "PAY", Facility.LOCAL0, Severity.ERR, "payment failed",
                Map.of("order@32473", params), null, null, Event.NO_SEQ, "tcp 127.0.0.1:40001"));
        String json = "{\"msg\":\"json event\",\"status\":503,\"user\":{\"id\":7}}";
        events.add(new Event(WRITTEN, WRITTEN, "app7", "api", null, null, Facility.USER, Severity.WARNING, json, Map.of(), json, null,
                Event.NO_SEQ, "http 127.0.0.1:40002"));
        String sample = "{\"timestamp\":1764583200,\"server\":\"web1\",\"cpu_total\":{\"physique\":{\"user_pct\":12.5}}}";
        events.add(new Event(WRITTEN, WRITTEN, "web1", "logq-perfmon", null, null, Facility.LOCAL1, Severity.INFO, sample, Map.of(),
                sample, null, Event.NO_SEQ, "udp 127.0.0.1:40003"));
        return events;
    }

    static List<Event> replicatedEvents() {
        List<Event> events = new ArrayList<>();
        for (int i = 1; i <= REPLICATED; i++) {
            Instant ts = WRITTEN.minus(Duration.ofHours(2)).plusSeconds(i);
            events.add(new Event(ts, ts, "db1", "postgres", null, null, Facility.DAEMON, Severity.NOTICE, "checkpoint complete " + i,
                    Map.of(), null, "log2", i, "replication log2"));
        }
        return events;
    }

    static void write(Path dir, StoreFixtures.MutableClock clock) throws Exception {
        try (Store store = Store.open(config(dir), clock)) {
            store.append(localEvents()).get();
            store.appendReplicated(replicatedEvents()).get();
            StoreFixtures.awaitIndexed(store);
        }
        Files.deleteIfExists(dir.resolve("lock"));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        write(dir, new StoreFixtures.MutableClock(WRITTEN));
        System.out.println("wrote the upgrade fixture in " + dir);
    }
}
