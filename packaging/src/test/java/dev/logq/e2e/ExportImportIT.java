package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code logq export} from one node and {@code logq import} into another: every event arrives as it was
 * (origin, seq, times, fields), a second import stores nothing, and bad lines are reported, not sent.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExportImportIT {

    @TempDir
    Path work;

    @Test
    void whatOneNodeExportsAnotherImportsOnceWithItsIdentity() throws Exception {
        try (LogqdProcess a = LogqdProcess.start(work, "exp-a"); LogqdProcess b = LogqdProcess.start(work, "exp-b")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                lines.add("exported event " + i);
            }
            Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(a.syslogPort),
                    "-t", "export", "-f", Files.write(work.resolve("lines.txt"), lines).toString()));
            assertEquals(0, sent.exit(), sent::toString);
            Run json = Run.of(List.of("curl", "-sS", "-H", "Content-Type: application/x-ndjson", "--data-binary",
                    "{\"host\":\"app7\",\"app\":\"billing\",\"msg\":\"exported json\",\"status\":503,\"user\":{\"id\":7}}\n", a.url() + "/api/v1/ingest"));
            assertEquals(0, json.exit(), json::toString);
            Run counted = Logq.until(a, r -> r.out().strip().equals("2001"), Duration.ofSeconds(30), "--since", "1h", "-c", "-F", "exported");
            assertEquals("2001", counted.out().strip(), counted + a.logTail());

            Run export = Logq.run(a, "export", "--since", "1h");
            assertEquals(0, export.exit(), export.toString());
            assertEquals(2001, export.lines().size());
            Path file = Files.writeString(work.resolve("export.json"), export.out());

            Run first = Logq.run(b, "import", file.toString());
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.err().contains("2,001 events read, 2,001 stored in " + b.url() + ", 0 held already, 0 rejected"), first.err());
            Run again = Logq.run(b, "import", file.toString());
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.err().contains("2,001 events read, 0 stored in " + b.url() + ", 2,001 held already, 0 rejected"), again.err());

            Run onB = Logq.until(b, r -> r.lines().size() == 2001, Duration.ofSeconds(30), "--since", "1h", "--all-copies", "-o", "json");
            Run onA = Logq.run(a, "--since", "1h", "--all-copies", "-o", "json");
            assertEquals(onA.lines(), onB.lines(), "every event as a stored it: origin, seq, times, source, fields");
            assertTrue(onB.out().contains("\"origin\":\"exp-a\""), onB.out().lines().findFirst().orElse(""));

            Path bad = Files.writeString(work.resolve("bad.json"), "not json\n{\"ts\":\"2026-12-01T10:00:00Z\",\"msg\":\"no origin\"}\n"
                    + export.lines().getFirst() + "\n");
            Run rejected = Logq.run(b, "import", bad.toString());
            assertEquals(1, rejected.exit(), rejected.toString());
            assertTrue(rejected.err().contains("3 events read, 0 stored in " + b.url() + ", 1 held already, 2 rejected (first: " + bad
                    + ":1: not an event with its origin and seq"), rejected.err());
        }
    }
}
