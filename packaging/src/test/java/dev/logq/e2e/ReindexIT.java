package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The index rebuilt from the journal: by {@code logqd reindex}, and by logqd itself when it finds a partition corrupt. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReindexIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int EVENTS = 20_000;

    @TempDir
    Path work;

    private LogqdProcess started(String node) throws Exception {
        LogqdProcess logqd = LogqdProcess.start(work, node);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            lines.add("reindex me " + i);
        }
        Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                "-t", "reindex", "-f", Files.write(work.resolve(node + ".txt"), lines).toString()));
        assertEquals(0, sent.exit(), sent::toString);
        assertCount(logqd);
        return logqd;
    }

    private static void assertCount(LogqdProcess logqd) {
        Run counted = Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(EVENTS)), Duration.ofSeconds(60), "-c", "-F", "reindex me");
        assertEquals(String.valueOf(EVENTS), counted.out().strip(), counted + logqd.logTail());
    }

    private static JsonNode health(LogqdProcess logqd) {
        try {
            return JSON.readTree(logqd.get("/healthz").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run reindex(LogqdProcess logqd, String... more) {
        List<String> command = new ArrayList<>(List.of(Dist.bin("logqd").toString(), "reindex", "--data-dir", logqd.dataDir.toString(),
                "--node", logqd.node));
        command.addAll(List.of(more));
        return Run.of(command);
    }

    @Test
    void logqdReindexRebuildsThePartitionsSinceATimeWithLogqdStopped() throws Exception {
        try (LogqdProcess logqd = started("reindex1")) {
            Run refused = reindex(logqd);
            assertEquals(1, refused.exit(), "not while logqd runs\n" + refused);
            assertTrue(refused.err().contains("in use by another store"), refused.err());

            assertEquals(0, logqd.stop());
            Run rebuilt = reindex(logqd, "--since", "1h");
            assertEquals(0, rebuilt.exit(), rebuilt.toString());
            assertTrue(rebuilt.err().contains("logqd reindex: removed 1 index partition(s)"), rebuilt.err());
            assertTrue(rebuilt.err().contains("logqd reindex: done, " + String.format("%,d", EVENTS) + " journal events"), rebuilt.err());
            logqd.start();
            assertCount(logqd);

            Run bad = reindex(logqd, "--since", "yesterdayish");
            assertEquals(2, bad.exit(), bad.toString());
            assertTrue(bad.err().startsWith("logqd reindex: --since 'yesterdayish' is neither"), bad.err());
        }
    }

    @Test
    void aPartitionFoundCorruptAtStartIsRebuiltWhileLogqdServesAndHealthzSaysSo() throws Exception {
        try (LogqdProcess logqd = started("corrupt1")) {
            assertEquals(0, logqd.stop());
            Path partition;
            try (Stream<Path> dirs = Files.list(logqd.dataDir.resolve("index"))) {
                partition = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            try (Stream<Path> files = Files.list(partition)) {
                Path segments = files.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
                Files.write(segments, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
            }

            logqd.start();
            JsonNode health = health(logqd);
            assertEquals("rebuilding", health.path("status").asText(), health.toString());
            assertEquals(partition.getFileName().toString(), health.path("rebuilding").path(0).asText(), health.toString());
            assertTrue(logqd.logText().contains("moved aside to " + logqd.dataDir.resolve("corrupt")), logqd.logTail());

            assertCount(logqd);
            Cluster.await("the rebuild is over", Duration.ofSeconds(30),
                    () -> "ok".equals(health(logqd).path("status").asText()));
        }
    }
}
