package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private rsyslogd forwards with omrelp to logqd's RELP listener: every message arrives, and a logqd
 * restart in the middle of the stream loses nothing (rsyslog resends what logqd had not acknowledged).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RelpIT {

    @TempDir
    Path work;

    private static String omrelpConfig(int input, int relpPort) {
        return """
                module(load="imtcp")
                module(load="omrelp")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="forward")
                ruleset(name="forward") {
                  action(type="omrelp" target="127.0.0.1" port="%d" template="RSYSLOG_ForwardFormat"
                         queue.type="LinkedList" queue.size="200000" action.resumeRetryCount="-1" action.resumeInterval="1")
                }
                """.formatted(input, relpPort);
    }

    private List<String> lines(String tag, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(tag + " over relp #" + i + " ünïcödé");
        }
        return lines;
    }

    private static void send(int port, Path file) {
        Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(port),
                "-t", "relptest", "-f", file.toString()));
        assertEquals(0, sent.exit(), sent::toString);
    }

    @Test
    void everyMessageRsyslogSendsWithOmrelpIsStoredOnce() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "relp1")) {
            int input = Ports.free();
            try (Rsyslog rsyslog = Rsyslog.start(work, "relp", omrelpConfig(input, logqd.relpPort))) {
                Rsyslog.awaitListening(input);
                List<String> lines = lines("once", 5000);
                send(input, Files.write(work.resolve("once.txt"), lines));

                Run counted = Logq.until(logqd, r -> r.out().strip().equals("5000"), Duration.ofSeconds(30),
                        "--since", "10m", "-c", "-a", "relptest", "-F", "once over relp #");
                assertEquals("5000", counted.out().strip(), counted + "\n" + rsyslog.log() + logqd.logTail());
                Run raw = Logq.run(logqd, "--since", "10m", "-a", "relptest", "-o", "raw", "-F", "once over relp #");
                assertEquals(new HashSet<>(lines), new HashSet<>(raw.lines()));
                assertTrue(logqd.get("/metrics").body().contains("logq_events_stored_total{listener=\"relp\"} 5000.0"),
                        "the relp listener counted what it stored");
            }
        }
    }

    @Test
    void theReadmesOmrelpSnippetDelivers() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "relp-readme")) {
            int input = Ports.free();
            String action = Readme.with(Readme.snippet("rsyslog-relp"), Map.of("target=\"log1.example.org\"", "target=\"127.0.0.1\"",
                    "port=\"2514\"", "port=\"" + logqd.relpPort + "\""));
            try (Rsyslog rsyslog = Rsyslog.start(work, "relp-readme", """
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d")
                    %s""".formatted(input, action))) {
                Rsyslog.awaitListening(input);
                List<String> lines = lines("readme", 1000);
                send(input, Files.write(work.resolve("readme.txt"), lines));
                Run counted = Logq.until(logqd, r -> r.out().strip().equals("1000"), Duration.ofSeconds(30),
                        "--since", "10m", "-c", "-a", "relptest", "-F", "readme over relp #");
                assertEquals("1000", counted.out().strip(), counted + "\n" + rsyslog.log() + logqd.logTail());
            }
        }
    }

    @Test
    void aLogqdRestartMidStreamLosesNothing() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "relp2")) {
            int input = Ports.free();
            try (Rsyslog rsyslog = Rsyslog.start(work, "relp-restart", omrelpConfig(input, logqd.relpPort))) {
                Rsyslog.awaitListening(input);
                List<String> first = lines("before", 3000);
                send(input, Files.write(work.resolve("before.txt"), first));
                LogqdProcess.sleep(200);  // some of it stored and acknowledged, maybe not all
                assertEquals(0, logqd.stop(), "clean stop on SIGTERM");
                List<String> during = lines("during", 2000);  // rsyslog queues these while logqd is down
                send(input, Files.write(work.resolve("during.txt"), during));
                logqd.start();

                Set<String> expected = new HashSet<>(first);
                expected.addAll(during);
                Run found = Logq.until(logqd, r -> new HashSet<>(r.lines()).containsAll(expected), Duration.ofSeconds(60),
                        "--since", "10m", "-a", "relptest", "-o", "raw", "-E", "(before|during) over relp #");
                Set<String> stored = new HashSet<>(found.lines());
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(stored);
                assertTrue(missing.isEmpty(), missing.size() + " messages lost, e.g. " + missing.stream().limit(3).toList()
                        + "\n" + rsyslog.log() + logqd.logTail());
                // RELP is at-least-once: a command appended but not yet answered when logqd stopped is sent again
                assertTrue(found.lines().size() >= expected.size());
            }
        }
    }
}
