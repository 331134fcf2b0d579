package dev.logq.store;

import dev.logq.store.model.Event;
import dev.logq.store.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link IndexerCrashTest}: opens a store and appends (its own events and a
 * peer's) as fast as it can, printing {@code acked <lastSeq>} after each acknowledged batch, until it
 * is killed. Events spread over several hourly partitions so commits span many of them.
 */
final class CrashingIngest {

    private CrashingIngest() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String peer = args[1];
        StoreConfig config = new StoreConfig(dir, "node1", Duration.ofHours(1), null, Duration.ofMillis(20),
                Duration.ofMillis(100), 0, 0);
        Instant base = Instant.parse("2026-11-24T00:00:00Z");
        Store store = Store.open(config, InstantSource.system());
        long peerSeq = store.highWaterMarks().getOrDefault(peer, -1L);
        for (long round = 0; ; round++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Instant ts = base.plus(Duration.ofMinutes((round * 200 + i) * 7 % (6 * 60)));
                batch.add(StoreFixtures.event(ts, "web" + (i % 3), "app", Severity.INFO, "round " + round + " event " + i + " of the crash test"));
            }
            long last = store.append(batch).get();
            List<Event> replicated = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                peerSeq++;
                replicated.add(StoreFixtures.event(base.plusSeconds(peerSeq), "replicated " + peerSeq).withIdentity(peer, peerSeq));
            }
            store.appendReplicated(replicated).get();
            System.out.println("acked " + last);
            System.out.flush();
        }
    }
}
