package dev.logq.store;

import static dev.logq.store.StoreFixtures.await;

import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import dev.logq.store.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints append and indexing rates for 256-byte messages; no assertion on time. Off by default:
 * {@code mvn -pl store test -Dtest=IngestRateBenchmark -Dlogq.bench=true [-Dlogq.bench.events=1000000]};
 * the numbers are in {@code store/target/surefire-reports/dev.logq.store.IngestRateBenchmark-output.txt}.
 */
@EnabledIfSystemProperty(named = "logq.bench", matches = "true")
class IngestRateBenchmark {

    private static final String[] WORDS = {"connection", "from", "user", "session", "opened", "closed", "for", "request",
        "GET", "POST", "/api/v1/orders", "status", "latency", "ms", "error", "timeout", "upstream", "retry", "cache", "miss",
        "hit", "worker", "pid", "disk", "queue", "backend", "db", "query", "rows", "took", "warning", "auth", "token",
        "expired", "client", "server", "handshake", "TLS", "cipher", "accepted", "rejected", "rate", "limit"};

    @TempDir
    Path dir;

    @Test
    void printAppendAndIndexingRates() throws Exception {
        int n = Integer.getInteger("logq.bench.events", 1_000_000);
        List<Event> pool = messages(20_000);
        Instant base = Instant.now();
        Duration refresh = Duration.ofMillis(Long.getLong("logq.bench.refreshMs", 250));
        StoreConfig config = new StoreConfig(dir, "bench", null, null, refresh, null, 0, 0);
        long appendNanos;
        long caughtUpNanos;
        long cpu0 = cpuNanos();
        long appendCpu;
        try (Store store = Store.open(config, InstantSource.system())) {
            long t0 = System.nanoTime();
            Deque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
            for (int i = 0; i < n; i += 1000) {
                List<Event> batch = new ArrayList<>(1000);
                for (int j = 0; j < 1000; j++) {
                    batch.add(at(pool.get((i + j) % pool.size()), base, i + j));
                }
                inFlight.add(store.append(batch));
                if (inFlight.size() >= 16) {
                    inFlight.poll().get();
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.poll().get();
            }
            appendNanos = System.nanoTime() - t0;
            appendCpu = cpuNanos() - cpu0;
            long last = store.journal().lastIndex();
            long[] printed = {System.nanoTime()};
            await("indexed", Duration.ofMinutes(10), () -> {
                if (System.nanoTime() - printed[0] > 2_000_000_000L) {
                    printed[0] = System.nanoTime();
                    System.out.printf("  %.1f s: %,d indexed%n", (printed[0] - t0) / 1e9, store.indexer().indexedSinceOpen());
                }
                return store.indexer().position() == last;
            });
            caughtUpNanos = System.nanoTime() - t0;
        }
        long ingestCpu = cpuNanos() - cpu0;
        report("append (indexer running alongside)", n, appendNanos, appendCpu);
        report("append + index, until the index caught up", n, caughtUpNanos, ingestCpu);

        deleteTree(dir.resolve("index"));
        try (Store store = Store.open(config, InstantSource.system())) {
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            long last = store.journal().lastIndex();
            await("re-indexed", Duration.ofMinutes(10), () -> store.indexer().position() == last);
            report("index only (rebuild from the journal)", n, System.nanoTime() - t0, cpuNanos() - c0);
            Map<String, Long> count = store.count(Query.all());
            System.out.println("count after rebuild (before the last commit may be partial): " + count);
        }
    }

    /** Wall-clock rate, and events per CPU-second of the whole process (GC, merges and all), for a shared machine. */
    /**
     * Offers a steady rate ({@code -Dlogq.bench.rate}, default 50,000/s) for {@code -Dlogq.bench.seconds}
     * (default 40) and prints the indexer's lag as it goes: the rate is sustained if the lag stays bounded.
     */
    @Test
    void printIndexLagAtASteadyRate() throws Exception {
        int rate = Integer.getInteger("logq.bench.rate", 50_000);
        int seconds = Integer.getInteger("logq.bench.seconds", 40);
        List<Event> pool = messages(20_000);
        Instant base = Instant.now();
        try (Store store = Store.open(new StoreConfig(dir, "bench", null, null, null, null, 0, 0), InstantSource.system())) {
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            long sent = 0;
            long maxLag = 0;
            Deque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
            for (int tick = 1; tick <= seconds * 10; tick++) {   // 100 ms ticks
                while (sent < (long) rate * tick / 10) {
                    List<Event> batch = new ArrayList<>(500);
                    for (int j = 0; j < 500; j++, sent++) {
                        batch.add(at(pool.get((int) (sent % pool.size())), base, sent));
                    }
                    inFlight.add(store.append(batch));
                }
                while (inFlight.size() > 64) {
                    inFlight.poll().get();
                }
                long sleep = t0 + tick * 100_000_000L - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                long lag = store.journal().countAfter(store.indexer().position());
                maxLag = Math.max(maxLag, lag);
                if (tick % 50 == 0) {
                    System.out.printf("  %3d s: %,d appended, index lag %,d events%n", tick / 10, sent, lag);
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.poll().get();
            }
            long offered = System.nanoTime();
            long last = store.journal().lastIndex();
            await("indexed", Duration.ofMinutes(10), () -> store.indexer().position() == last);
            System.out.printf("offered %,d events/s for %d s (achieved %,.0f/s): max index lag %,d events, caught up %.2f s"
                    + " after the last append; %.1f CPU-s = %,.0f events per CPU-second%n", rate, seconds,
                    sent / ((offered - t0) / 1e9), maxLag, (System.nanoTime() - offered) / 1e9, (cpuNanos() - c0) / 1e9,
                    sent / ((cpuNanos() - c0) / 1e9));
        }
    }

    private static void report(String what, int n, long nanos, long cpu) {
        System.out.printf("%-45s %,d events in %.2f s = %,.0f events/s; %.2f CPU-s = %,.0f events per CPU-second%n",
                what, n, nanos / 1e9, n / (nanos / 1e9), cpu / 1e9, n / (cpu / 1e9));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The event as its host sent it at 20,000 events/s overall: time goes forward, but each of the 20
     * hosts' clocks is off by up to 50 ms, so events do not arrive in exact time order.
     */
    static Event at(Event e, Instant base, long i) {
        Instant ts = base.plusNanos(i * 50_000L + (i % 20) * 2_500_000L);
        return new Event(ts, ts, e.host(), e.app(), null, null, e.facility(), e.severity(), e.msg(), e.sd(), null, null,
                Event.NO_SEQ, "bench");
    }

    /** Log-like lines of about 256 bytes from a fixed vocabulary, numbers and addresses. */
    static List<Event> messages(int count) {
        Random r = new Random(42);
        List<Event> events = new ArrayList<>(count);
        Instant base = Instant.now();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(260);
            while (sb.length() < 240) {
                switch (r.nextInt(4)) {
                    case 0 -> sb.append(r.nextInt(100_000));
                    case 1 -> sb.append("10.").append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256));
                    default -> sb.append(WORDS[r.nextInt(WORDS.length)]);
                }
                sb.append(' ');
            }
            sb.setLength(256);
            events.add(StoreFixtures.event(base, "host" + (i % 20), "app" + (i % 7), Severity.INFO, sb.toString()));
        }
        return events;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
