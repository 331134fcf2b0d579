package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's disk drops below --min-free-disk (a file the test allocates next to it): ingest
 * pauses with one log line and a metric, nothing is acknowledged that was not stored, and when the file
 * goes, ingest resumes by itself and every event sent meanwhile is there, also after a restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskFullIT {

    static final long MIB = 1 << 20;

    @TempDir
    Path work;

    private void send(LogqdProcess logqd, String prefix, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(prefix + " " + i);
        }
        Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                "-t", "diskfull", "-f", Files.write(work.resolve(prefix + ".txt"), lines).toString()));
        assertEquals(0, sent.exit(), sent::toString);
    }

    private static String ingest(LogqdProcess logqd, String json) {
        return Run.of(List.of("curl", "-sS", "-D", "-", "--data-binary", json, logqd.url() + "/api/v1/ingest")).out();
    }

    private static String count(LogqdProcess logqd, String expected) {
        return Logq.until(logqd, r -> r.out().strip().equals(expected), Duration.ofSeconds(20),
                "--since", "10m", "-c", "-E", "^(before|while full|http while full) [0-9]+$").out().strip();
    }

    @Test
    void ingestPausesBelowTheFloorAndResumesWhenSpaceReturnsLosingNothing() throws Exception {
        long free = Files.getFileStore(work).getUsableSpace();
        assumeTrue(free > 2048 * MIB, "needs 2 GiB free on the temp dir's disk, has " + free / MIB + " MiB");
        long floorMib = free / MIB - 300;
        try (LogqdProcess logqd = LogqdProcess.start(work, "disk1", "--min-free-disk", floorMib + "m")) {
            send(logqd, "before", 100);
            assertEquals("100", count(logqd, "100"));

            Path filler = work.resolve("filler");
            Run fill = Run.of(List.of("fallocate", "-l", "600M", filler.toString()));
            assertEquals(0, fill.exit(), fill.toString());
            try {
                send(logqd, "while full", 200);  // logqd stops reading; the lines wait in the socket buffers
                String refused = ingest(logqd, "{\"msg\":\"http while full 0\"}");
                assertTrue(refused.startsWith("HTTP/1.1 503") && refused.toLowerCase().contains("retry-after: 1"), refused);
                assertTrue(refused.contains("less than --min-free-disk"), refused);
                LogqdProcess.sleep(1000);
                assertEquals("100", Logq.run(logqd, "--since", "10m", "-c", "-E", "^(before|while full|http while full) [0-9]+$").out().strip(),
                        "nothing stored while below the floor");
                assertTrue(logqd.get("/metrics").body().contains("logq_journal_disk_full 1.0"));
                assertTrue(logqd.logText().contains("less than --min-free-disk"), logqd.logTail());
            } finally {
                Files.deleteIfExists(filler);
            }

            assertEquals("300", count(logqd, "300"), "the paused lines are stored once there is room\n" + logqd.logTail());
            assertTrue(ingest(logqd, "{\"msg\":\"http while full 0\"}").startsWith("HTTP/1.1 200"));
            assertEquals("301", count(logqd, "301"));
            assertTrue(logqd.logText().contains("free again: taking events"), logqd.logTail());

            assertEquals(0, logqd.stop(), "clean stop on SIGTERM");
            logqd.start();
            assertEquals("301", count(logqd, "301"), "the journal reads back whole after a restart");
        }
    }
}
