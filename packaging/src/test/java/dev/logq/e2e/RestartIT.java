package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal is the truth and the index follows it across a clean restart and across kill -9. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RestartIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void everythingIsStillFoundAfterACleanRestart() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "restart1")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                lines.add("before restart " + i);
            }
            Path file = Files.write(work.resolve("lines.txt"), lines);
            Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                    "-t", "restart", "-f", file.toString()));
            assertEquals(0, sent.exit(), sent::toString);
            Run before = Logq.until(logqd, r -> r.out().strip().equals("2000"), Duration.ofSeconds(20), "-c", "-F", "before restart");
            assertEquals("2000", before.out().strip(), before + logqd.logTail());

            int status = logqd.stop();
            assertEquals(0, status, "logqd exit status after a clean stop on SIGTERM");
            assertTrue(logqd.logText().contains("journal and index closed cleanly"), logqd.logTail());

            logqd.start();
            Run after = Logq.run(logqd, "-c", "-F", "before restart");
            assertEquals("2000", after.out().strip(), after + logqd.logTail());
        }
    }

    /**
     * What systemd sees of a Type=notify unit: READY=1 only once logqd answers, STOPPING=1 when SIGTERM
     * arrives, and exit status 0 after the clean stop. systemd's side is a datagram socket in the abstract
     * namespace, as systemd itself uses, received here by Python's socket module.
     */
    @Test
    void tellsSystemdWhenItIsReadyAndWhenItStops() throws Exception {
        String name = "logq-notify-" + ProcessHandle.current().pid();
        Path received = work.resolve("notify.txt");
        Process systemd = new ProcessBuilder("python3", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind("\\0" + sys.argv[1])
                print("bound", flush=True)
                with open(sys.argv[2], "a") as out:
                    while True:
                        out.write(s.recv(4096).decode() + "\\n--\\n")
                        out.flush()
                """, name, received.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("bound", new String(systemd.getInputStream().readNBytes(5)), "the notify socket is up");
            LogqdProcess logqd = LogqdProcess.prepare(List.of("env", "NOTIFY_SOCKET=@" + name), work, "notify1");
            logqd.start();
            String ready = awaitText(received, "READY=1");
            assertTrue(ready.startsWith("READY=1\nSTATUS="), ready);
            assertEquals(0, logqd.stop(), "exit status after a clean stop on SIGTERM\n" + logqd.logTail());
            assertTrue(awaitText(received, "STOPPING=1").contains("READY=1\nSTATUS=receiving and serving\n--\nSTOPPING=1"),
                    Files.readString(received));
        } finally {
            systemd.destroyForcibly();
        }
    }

    private static String awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String now = Files.exists(file) ? Files.readString(file) : "";
            if (now.contains(text)) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + text + " in " + file);
    }

    @Test
    void afterKillDashNineDuringIngestTheIndexHoldsExactlyWhatTheJournalHolds() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "crash1")) {
            Process load = new ProcessBuilder(Dist.loggen().toString(), "-S", "-r", "20000", "-s", "256", "-I", "20", "127.0.0.1",
                    String.valueOf(logqd.syslogPort)).redirectErrorStream(true).redirectOutput(work.resolve("loggen.log").toFile()).start();
            try {
                awaitSomeStored(logqd, 5000);
                logqd.kill();
            } finally {
                load.destroyForcibly();
                load.waitFor(10, TimeUnit.SECONDS);
            }

            logqd.start();
            long lastSeq = awaitIndexCaughtUp(logqd);
            assertTrue(lastSeq >= 5000, "journal should hold what was stored before the kill, last seq " + lastSeq);

            Run json = Logq.run(logqd, "-o", "json");
            assertEquals(0, json.exit(), json::toString);
            BitSet seen = new BitSet();
            long events = 0;
            for (String line : json.lines()) {
                int seq = JSON.readTree(line).path("seq").asInt();
                assertTrue(!seen.get(seq), "seq " + seq + " indexed twice");
                seen.set(seq);
                events++;
            }
            int first = seen.nextSetBit(0);
            assertEquals(lastSeq, seen.length() - 1, "the newest journal entry is indexed");
            assertEquals(lastSeq - first + 1, events, "every journal entry from seq " + first + " to " + lastSeq + " indexed once");
            assertEquals(0, first, "the first event (seq 0) is indexed");
        }
    }

    private static void awaitSomeStored(LogqdProcess logqd, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode health = JSON.readTree(logqd.get("/healthz").body());
            if (health.path("last_seq").asLong() + 1 >= events) {
                return;
            }
            LogqdProcess.sleep(100);
        }
        throw new AssertionError("fewer than " + events + " events stored in 30 s\n" + logqd.logTail());
    }

    /**
     * Waits until /healthz reports no index lag and a count over everything equals the journal's
     * events; returns the journal's last sequence number. A count that never matches ends in the
     * caller's assertions, which say how it differs.
     */
    private static long awaitIndexCaughtUp(LogqdProcess logqd) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = JSON.readTree(logqd.get("/healthz").body());
            if (health.path("index_lag").asLong() == 0) {
                long lastSeq = health.path("last_seq").asLong();
                // sequence numbers start at 0: wait until a count over everything says lastSeq + 1
                Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(lastSeq + 1)), Duration.ofSeconds(10), "-c");
                return lastSeq;
            }
            LogqdProcess.sleep(200);
        }
        throw new AssertionError("index still lagging after 60 s: " + health + "\n" + logqd.logTail());
    }
}
