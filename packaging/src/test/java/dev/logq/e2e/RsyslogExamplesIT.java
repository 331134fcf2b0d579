package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rsyslog examples the distribution ships (share/doc/logq/examples/, /usr/share/doc/logq/examples/ from
 * the .deb), each loaded whole into a private rsyslogd with only its addresses and ports changed, and the
 * README's snippets, which must be those files' text. The TLS examples run in {@link TlsIT}, the cluster's
 * (fail-over, every server) in {@link ReplicationIT}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RsyslogExamplesIT {

    /** README snippet name → the shipped example that holds it. */
    static final Map<String, String> README_SNIPPETS = Map.of(
            "rsyslog-tcp", "60-logq-tcp.conf",
            "rsyslog-relp", "60-logq-relp.conf",
            "rsyslog-failover", "60-logq-failover.conf",
            "rsyslog-every-server", "60-logq-every-server.conf",
            "rsyslog-tls", "60-logq-tls.conf",
            "rsyslog-mtls", "60-logq-mtls.conf",
            "rsyslog-relp-tls", "60-logq-relp-tls.conf",
            "rsyslog-perfmon", "61-logq-perfmon.conf");

    @TempDir
    Path work;

    /** A shipped example's text, with {@code replacements} (addresses, ports, paths) made. */
    static String example(String file, Map<String, String> replacements) {
        return Readme.with(Readme.shipped("share/doc/logq/examples/" + file), replacements);
    }

    private static Map<String, String> to(String port, int logqdPort) {
        return Map.of("target=\"log1.example.org\"", "target=\"127.0.0.1\"", "port=\"" + port + "\"", "port=\"" + logqdPort + "\"");
    }

    @Test
    void theReadmesSnippetsAreTheShippedExamples() {
        README_SNIPPETS.forEach((snippet, file) -> assertTrue(Readme.shipped("share/doc/logq/examples/" + file).contains(Readme.snippet(snippet)),
                "share/doc/logq/examples/" + file + " holds the README's snippet " + snippet));
    }

    @Test
    void theTcpExampleDelivers() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "ex-tcp")) {
            deliver(logqd, "ex-tcp", example("60-logq-tcp.conf", to("5514", logqd.syslogPort)), 1000, "tcp example");
        }
    }

    @Test
    void theRelpExampleDelivers() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "ex-relp")) {
            deliver(logqd, "ex-relp", example("60-logq-relp.conf", to("2514", logqd.relpPort)), 1000, "relp example");
        }
    }

    /**
     * logq-perfmon's samples, and jsonperfmon's, go to the logq server with everything else, and the one-line
     * rule keeps them out of the host's own files (here one omfile action after it, as Debian's rsyslog.conf has
     * its rules after the files of /etc/rsyslog.d).
     */
    @Test
    void thePerfmonRuleForwardsSamplesAndKeepsThemOutOfLocalFiles() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "ex-perfmon")) {
            Path local = work.resolve("syslog");
            int input = Ports.free();
            try (Rsyslog rsyslog = Rsyslog.start(work, "ex-perfmon", """
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d")
                    %s
                    %s
                    action(type="omfile" file="%s")
                    """.formatted(input, example("60-logq-tcp.conf", to("5514", logqd.syslogPort)),
                    Readme.shipped("share/doc/logq/examples/61-logq-perfmon.conf"), local))) {
                Rsyslog.awaitListening(input);
                for (String tag : List.of("logq-perfmon", "jsonperfmon", "cron")) {
                    String text = tag.equals("cron") ? "an ordinary line" : "{\"timestamp\":1764633600,\"server\":\"web1\",\"cpu_total\":{}}";
                    Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(input), "-t", tag, text));
                    assertEquals(0, sent.exit(), sent::toString);
                }
                Run counted = Logq.until(logqd, r -> r.out().strip().equals("3"), Duration.ofSeconds(30), "--since", "10m", "-c", "-e", "web1", "-e", "ordinary");
                assertEquals("3", counted.out().strip(), counted + "\n" + rsyslog.log() + logqd.logTail());
                String written = Files.exists(local) ? Files.readString(local) : "";
                assertTrue(written.contains("an ordinary line"), written);
                assertFalse(written.contains("perfmon"), "the samples stay out of the host's files:\n" + written);
            }
        }
    }

    /** Sends {@code count} lines through a private rsyslogd with {@code config} after an imtcp input, and checks logqd holds them all. */
    private void deliver(LogqdProcess logqd, String name, String config, int count, String prefix) throws Exception {
        int input = Ports.free();
        try (Rsyslog rsyslog = Rsyslog.start(work, name, """
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="%d")
                %s""".formatted(input, config))) {
            Rsyslog.awaitListening(input);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(prefix + " #" + i);
            }
            Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(input), "-t", "examples",
                    "-f", Files.write(work.resolve(name + ".txt"), lines).toString()));
            assertEquals(0, sent.exit(), sent::toString);
            Run counted = Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(count)), Duration.ofSeconds(30),
                    "--since", "10m", "-c", "-a", "examples", "-F", prefix + " #");
            assertEquals(String.valueOf(count), counted.out().strip(), counted + "\n" + rsyslog.log() + logqd.logTail());
        }
    }
}
