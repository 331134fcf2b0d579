package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logq -f} against real logqd processes: across a {@code kill -9} and restart of the node it
 * follows, the printed stream is what was sent, once each and in order; asking two replicating nodes,
 * each event prints once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FollowIT {

    @TempDir
    Path work;

    /** A running {@code logq -f -o json}, its stdout lines collected as they come. */
    static final class Follower implements AutoCloseable {
        final Process process;
        final List<String> out = Collections.synchronizedList(new ArrayList<>());
        final Path err;

        Follower(Path work, List<String> nodes, String... args) throws IOException {
            // as from a terminal: SIGINT at its default, whatever this JVM inherited (a CI job started in
            // the background has it ignored, and an ignored SIGINT stays ignored in every child)
            List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", Dist.bin("logq").toString(), "-f", "-o", "json"));
            for (String node : nodes) {
                command.add("--node");
                command.add(node);
            }
            command.addAll(List.of(args));
            err = work.resolve("follow-" + System.nanoTime() + ".err");
            process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (IOException e) {
                    out.add("READ FAILED " + e);
                }
            });
        }

        List<String> messages() {
            List<String> msgs = new ArrayList<>();
            synchronized (out) {
                for (String line : out) {
                    try {
                        JsonNode e = Cluster.JSON.readTree(line);
                        msgs.add(e.path("msg").asText());
                    } catch (IOException ex) {
                        msgs.add("NOT JSON: " + line);
                    }
                }
            }
            return msgs;
        }

        void awaitLines(int n, String what) {
            Cluster.await(what + " (" + n + " lines; have " + out.size() + ")", Duration.ofSeconds(60), () -> out.size() >= n);
        }

        String err() throws IOException {
            return Files.readString(err);
        }

        /** Ctrl-C; returns the exit status. */
        int interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "logq -f did not stop on SIGINT");
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private void logger(int port, String tag, List<String> lines) throws Exception {
        Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(port), "-t", tag,
                "-f", Files.write(work.resolve(tag + System.nanoTime() + ".txt"), lines).toString()));
        assertEquals(0, sent.exit(), sent.toString());
    }

    private static List<String> lines(String prefix, int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(prefix + " " + i);
        }
        return lines;
    }

    @Test
    void followingANodeKilledAndRestartedPrintsWhatWasSentOnceEachAndInOrder() throws Exception {
        try (LogqdProcess node = LogqdProcess.start(work, "f1")) {
            logger(node.syslogPort, "before", lines("old", 0, 20));  // the backlog: the last 5 of them
            Cluster.await("the old lines stored", Duration.ofSeconds(30), () -> Cluster.lastSeq(node) >= 19);
            try (Follower f = new Follower(work, List.of(node.url()), "-n", "5", "-a", "before", "-a", "followed")) {
                f.awaitLines(5, "the backlog");
                logger(node.syslogPort, "followed", lines("line", 0, 300));
                f.awaitLines(305, "the first 300 lines");
                node.kill();
                LogqdProcess.sleep(1500);  // logq -f is retrying meanwhile
                node.start();
                logger(node.syslogPort, "followed", lines("line", 300, 600));
                f.awaitLines(605, "the lines sent after the restart");
                LogqdProcess.sleep(500);
                assertEquals(0, f.interrupt(), "Ctrl-C ends logq -f with 0");

                List<String> expected = new ArrayList<>(lines("old", 15, 20));
                expected.addAll(lines("line", 0, 600));
                assertEquals(expected, f.messages(), "nothing repeated, nothing skipped, in order");
                String err = f.err();
                assertEquals(1, err.lines().filter(l -> l.contains("trying again until it answers")).count(), err);
                assertEquals(1, err.lines().filter(l -> l.contains("answers again")).count(), err);
            }
        }
    }

    @Test
    void badTailParametersAreRefusedInOneLine() {
        try (LogqdProcess node = LogqdProcess.start(work, "bad")) {
            for (String[] bad : List.of(
                    new String[] {"limit=5", "parameter 'limit' does not apply to /api/v1/tail"},
                    new String[] {"from=-3", "parameter 'from' takes one whole number, 0..9223372036854775807"},
                    new String[] {"backlog=banana", "parameter 'backlog' takes one whole number, 0..100000"},
                    new String[] {"q=a(&mode=extended", "invalid pattern 'a(': Unmatched ( or"})) {
                Run r = Run.of(List.of("curl", "-s", "-w", "%{http_code}", node.url() + "/api/v1/tail?" + bad[0]));
                List<String> lines = r.lines();
                assertEquals("400", lines.getLast(), bad[0] + ": " + r.out());
                assertEquals(2, lines.size(), r.out());
                assertTrue(lines.getFirst().contains(bad[1]), bad[0] + ": " + r.out());
            }
        }
    }

    @Test
    void followingTwoReplicatingNodesPrintsEachEventOnce() throws Exception {
        try (Cluster cluster = Cluster.start(work, "g", 2)) {
            LogqdProcess g1 = cluster.node(1);
            LogqdProcess g2 = cluster.node(2);
            try (Follower f = new Follower(work, List.of(g1.url(), g2.url()), "-a", "both")) {
                LogqdProcess.sleep(1500);  // both streams open: without --since or -n, only the last 10 (none yet) and new ones
                logger(g1.syslogPort, "both", lines("to g1", 0, 100));
                logger(g2.syslogPort, "both", lines("to g2", 0, 100));
                cluster.awaitConverged(Duration.ofSeconds(60));
                f.awaitLines(200, "every event from either node");
                LogqdProcess.sleep(1500);  // the replicated copies arrive too, and must not print
                assertEquals(0, f.interrupt());
                List<String> printed = f.messages();
                assertEquals(200, printed.size(), "each once: " + printed);
                List<String> fromG1 = printed.stream().filter(m -> m.startsWith("to g1")).toList();
                assertEquals(lines("to g1", 0, 100), fromG1, "in order per origin");
                assertEquals(lines("to g2", 0, 100), printed.stream().filter(m -> m.startsWith("to g2")).toList());
            }
        }
    }
}
