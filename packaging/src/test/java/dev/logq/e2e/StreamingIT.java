package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million events through the real logq from the real logqd, with memory sampled from /proc while they
 * stream: neither side may hold the answer. Asking one node (the node writes the lines, logq copies them)
 * and asking two (logq reads JSON and merges); compared with the same run printing one event.
 */
class StreamingIT {

    static final int EVENTS = 1_000_000;
    static final long MIB = 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void aMillionEventsStreamWithFlatMemoryInLogqAndLogqd() throws Exception {
        try (LogqdProcess node = LogqdProcess.start(work, "stream1"); LogqdProcess empty = LogqdProcess.start(work, "stream2")) {
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(50));
            send(node, base);
            Cluster.await("all events searchable", Duration.ofSeconds(120),
                    () -> countAnswer(node).startsWith("{\"count\":" + EVENTS + ","), node::logTail);
            String since = base.minusSeconds(60).toString();

            Sampled one = sampled(node, List.of(node.url()), "--since", since, "-o", "raw", "-F", "event 000000 ");
            assertEquals(1, one.lines(), one.toString());
            long serverBefore = rss(node.pid(), "RssAnon");
            Sampled all = sampled(node, List.of(node.url()), "--since", since, "-o", "raw", "stream");
            long serverPeak = all.serverPeakAnon();
            Sampled merged = sampled(node, List.of(node.url(), empty.url()), "--since", since, "-o", "raw", "stream");

            assertEquals(EVENTS, all.lines(), all.toString());
            assertEquals(EVENTS, merged.lines(), merged.toString());
            long outputBytes = Files.size(all.out());
            String figures = "logq peak VmRSS: 1 event %d MiB, %d events from one node %d MiB, from two %d MiB (output %d MiB);"
                    .formatted(one.peak() / MIB, EVENTS, all.peak() / MIB, merged.peak() / MIB, outputBytes / MIB)
                    + " logqd RssAnon %d MiB before, %d MiB at most while streaming".formatted(serverBefore / MIB, serverPeak / MIB);
            System.out.println("StreamingIT: " + figures);
            assertTrue(all.peak() - one.peak() < 16 * MIB, figures);
            // Merging reads JSON into objects, and the JVM lets garbage build up to its young generation
            // before collecting, growing the heap when collections come often: 85 to 166 MiB at the peak in
            // our runs. Bounded, but not flat; holding the answer would take far more (a million events as
            // strings and objects, over 600 MiB).
            assertTrue(merged.peak() - one.peak() < 256 * MIB, figures);
            assertTrue(serverPeak - serverBefore < 64 * MIB, figures);
        }
    }

    /** logq with these nodes and arguments, its VmRSS and the server's RssAnon sampled every 20 ms. */
    private Sampled sampled(LogqdProcess server, List<String> nodes, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Dist.bin("logq").toString()));
        for (String n : nodes) {
            command.addAll(List.of("--node", n));
        }
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "logq", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long peak = 0;
        long serverPeak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, rss(p.pid(), "VmRSS"));
            serverPeak = Math.max(serverPeak, rss(server.pid(), "RssAnon"));
            Thread.sleep(20);
        }
        assertEquals(0, p.waitFor(), "logq " + command);
        try (var lines = Files.lines(out)) {
            return new Sampled(out, lines.count(), peak, serverPeak);
        }
    }

    private record Sampled(Path out, long lines, long peak, long serverPeakAnon) {}

    private static String countAnswer(LogqdProcess node) {
        try {
            return node.get("/api/v1/search?count=true").body();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A /proc/PID/status field in bytes; 0 once the process is gone. */
    static long rss(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    private static void send(LogqdProcess node, Instant base) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.syslogPort);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16)) {
            for (int i = 0; i < EVENTS; i++) {
                String message = "<14>1 " + base.plusMillis(2L * i) + " host" + (i % 4) + " app - - - stream event %06d padding to a line of a realistic size"
                        .formatted(i);
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            }
        }
    }
}
