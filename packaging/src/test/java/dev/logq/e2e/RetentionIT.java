package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention by size in a real logqd: over its --retain-bytes budget (set by SIGHUP here), the oldest index
 * partitions go, the newest stays searchable, and /metrics and the log say what was deleted and why.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RetentionIT {

    @TempDir
    Path work;

    /** Loaded with no size limit, then given one in its config file and told with SIGHUP, as an admin would. */
    @Test
    void overItsBudgetLogqdDeletesTheOldestPartitionsAndSaysSo() throws Exception {
        Path config = Files.writeString(work.resolve("logqd.conf"), "partition = 1h\nretain-bytes = off\n");
        try (LogqdProcess logqd = LogqdProcess.start(work, "budget", "--config", config.toString())) {
            // about 100 MB of journal: events of the last six hours, one index partition an hour
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            int events = 300_000;
            String filler = "x".repeat(260);
            try (Socket socket = new Socket("127.0.0.1", logqd.syslogPort);
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16)) {
                for (int i = 0; i < events; i++) {
                    Instant ts = now.minus(Duration.ofHours(5)).plusSeconds(i * (5 * 3600L) / events);
                    String msg = "<13>1 " + ts + " web1 budget - - - event " + i + " hour " + (i * 6 / events) + " " + filler;
                    byte[] frame = msg.getBytes(StandardCharsets.UTF_8);
                    out.write((frame.length + " ").getBytes(StandardCharsets.US_ASCII));
                    out.write(frame);
                }
            }
            Run counted = Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(events)), Duration.ofSeconds(90),
                    "--since", "1d", "-c", "-a", "budget", "-F", "event");
            assertEquals(String.valueOf(events), counted.out().strip(), counted + logqd.logTail());
            int before = partitions(logqd);
            assertTrue(before >= 6, before + " partitions");

            Files.writeString(config, "partition = 1h\nretain-bytes = 64m\n");
            Run hup = Run.of(List.of("kill", "-HUP", String.valueOf(logqd.pid())));
            assertEquals(0, hup.exit(), hup::toString);
            Cluster.await("retention applied the new budget", Duration.ofSeconds(30), () -> partitions(logqd) == 1);
            Run newest = Logq.run(logqd, "--since", "1d", "-c", "-a", "budget", "-F", "hour 5");
            assertTrue(Long.parseLong(newest.out().strip()) > 0, "the newest hour is still searchable: " + newest);
            assertEquals("0", Logq.run(logqd, "--since", "1d", "-c", "-a", "budget", "-F", "hour 0").out().strip(), "the oldest is gone");

            String metrics = logqd.get("/metrics").body();
            assertEquals(64 << 20, metric(metrics, "logq_retention_budget_bytes "));
            assertEquals(before - 1, metric(metrics, "logq_retention_deleted_total{reason=\"size\",what=\"partition\"} "));
            assertEquals(0, metric(metrics, "logq_retention_deleted_total{reason=\"age\",what=\"partition\"} "));
            assertTrue(logqd.logText().contains("over the 67108864-byte budget (--retain-bytes)"), logqd.logTail());
        }
    }

    /** The value of the one line of /metrics that starts with {@code prefix}. */
    private static long metric(String metrics, String prefix) {
        String line = metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "in /metrics:\n" + metrics));
        return (long) Double.parseDouble(line.substring(prefix.length()));
    }

    private static int partitions(LogqdProcess logqd) {
        try (Stream<Path> dirs = Files.list(logqd.dataDir.resolve("index"))) {
            return (int) dirs.filter(Files::isDirectory).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
