package dev.logq.store;

import static dev.logq.store.StoreFixtures.all;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.ids;
import static dev.logq.store.StoreFixtures.journalEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.logq.store.model.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of ingesting, twice, then: the journal holds every acknowledged event, own
 * sequence numbers have no gap or repeat, and the index holds exactly the journal's events, each once.
 */
class IndexerCrashTest {

    @TempDir
    Path dir;

    /** Starts the child, lets it acknowledge at least {@code minSeq}, then kills it; returns the last seq it acked. */
    long ingestAndKill(long minSeq) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                    || arg.startsWith("-Dchronicle.")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                CrashingIngest.class.getName(), dir.toString(), "peer"));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acked < minSeq) {
                String line = out.readLine();
                if (line == null || System.nanoTime() > deadline) {
                    child.destroyForcibly();
                    fail("the child stopped or was too slow; last acked seq " + acked + ", exit " + child.waitFor());
                }
                if (line.startsWith("acked ")) {
                    acked = Long.parseLong(line.substring(6));
                }
            }
            child.destroyForcibly();  // SIGKILL: no shutdown hook, no close, no final commit
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        return acked;
    }

    @Test
    void afterKillNineTheIndexHoldsExactlyTheJournalsEvents() throws Exception {
        long firstAcked = ingestAndKill(20_000);
        long secondAcked = ingestAndKill(firstAcked + 20_000);
        try (Store store = Store.open(config(dir, "node1", Duration.ofHours(1), null), InstantSource.system())) {
            List<Event> journal = journalEvents(store.journal());
            List<Long> own = journal.stream().filter(e -> "node1".equals(e.origin())).map(Event::seq).toList();
            assertEquals(LongStream.range(0, own.size()).boxed().toList(), own, "own seqs: no gap, no repeat, in order");
            assertTrue(own.size() > secondAcked, "every acknowledged event is in the journal");
            List<Long> peer = journal.stream().filter(e -> "peer".equals(e.origin())).map(Event::seq).toList();
            assertEquals(LongStream.range(0, peer.size()).boxed().toList(), peer, "replicated: each once, in order");

            awaitIndexed(store);
            List<Event> indexed = all(store);
            assertEquals(journal.size(), indexed.size(), "as many events in the index as in the journal");
            assertEquals(ids(journal), ids(indexed), "the same events");
            assertTrue(store.status().partitions() > 1);
        }
    }
}
