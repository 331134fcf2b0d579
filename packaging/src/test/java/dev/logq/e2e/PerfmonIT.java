package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/logq-perfmon} sending to the real logqd: through a private rsyslogd's local socket
 * (imuxsock, forwarded with omfwd, as on a host whose syslog relays to logq), over RELP and over HTTP; and
 * stopped by SIGTERM as systemd stops it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PerfmonIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static Run perfmon(String... args) {
        List<String> command = new ArrayList<>(List.of(Dist.bin("logq-perfmon").toString()));
        command.addAll(List.of(args));
        return Run.of(command);
    }

    /** The agent's events in logqd, as JSON lines, once there are {@code count}. */
    private static List<JsonNode> events(LogqdProcess logqd, int count) throws Exception {
        Run found = Logq.until(logqd, r -> r.lines().size() >= count, Duration.ofSeconds(30),
                "--since", "10m", "-a", "logq-perfmon", "-o", "json", "-F", "\"server\"");
        assertEquals(count, found.lines().size(), found + "\n" + logqd.logTail());
        List<JsonNode> events = new ArrayList<>();
        for (String line : found.lines()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    @Test
    void throughTheLocalSyslogSocketOfARealRsyslogdAsLocal1Info() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "pm-syslog")) {
            Path socket = work.resolve("log.sock");
            try (Rsyslog rsyslog = Rsyslog.start(work, "pm", """
                    module(load="imuxsock" SysSock.Use="off")
                    input(type="imuxsock" Socket="%s" CreatePath="on")
                    action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                           template="RSYSLOG_SyslogProtocol23Format")
                    """.formatted(socket, logqd.syslogPort))) {
                Run agent = perfmon("-A", "1", "--count", "3", "--to", "syslog:" + socket);
                assertEquals(0, agent.exit(), agent + "\n" + rsyslog.log());
                assertEquals("", agent.out());

                List<JsonNode> events = events(logqd, 3);
                for (JsonNode event : events) {
                    assertEquals("local1", event.get("facility").textValue(), event.toString());
                    assertEquals("info", event.get("severity").textValue());
                    JsonNode sample = JSON.readTree(event.get("msg").textValue());
                    assertTrue(sample.has("cpu_total") && sample.has("memory") && sample.has("processes"), sample.toString());
                    assertTrue(sample.get("timestamp").isIntegralNumber());
                }
            }
        }
    }

    @Test
    void overRelpAndOverHttpEachSampleOnce() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "pm-net")) {
            Run relp = perfmon("-t", "1", "-m", "1", "--count", "2", "--to", "relp://127.0.0.1:" + logqd.relpPort);
            assertEquals(0, relp.exit(), relp.toString());
            Run http = perfmon("-t", "1", "--count", "2", "--to", "http://127.0.0.1:" + logqd.httpPort);
            assertEquals(0, http.exit(), http.toString());

            List<JsonNode> events = events(logqd, 4);
            // Over HTTP the sample's fields are the event's fields, so --field reaches them (logq's own -c counts once).
            Run cpus = Logq.run(logqd, "--since", "10m", "-a", "logq-perfmon", "-c", "--field", "cpu_total.active>0", "-F", "server");
            assertEquals("2", cpus.out().strip(), cpus + "\n" + events);
        }
    }

    @Test
    void sigtermEndsWithStatus0AndNoHalfWrittenSample() throws Exception {
        Process agent = new ProcessBuilder(Dist.bin("logq-perfmon").toString(), "-t", "1", "-u", "1").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (lines.size() == 2) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(agent.pid())).start().waitFor();
                }
            }
        }
        assertTrue(agent.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, agent.exitValue(), String.join("\n", lines));
        assertTrue(lines.size() >= 2 && lines.size() <= 3, lines.toString());
        for (String line : lines) {
            assertTrue(JSON.readTree(line).has("cpus"), line);
        }
    }

    @Test
    void badTargetsAndFlagsAreOneLineAndStatus2() {
        Run run = perfmon("-t", "1", "--to", "relp://nowhere");
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(0, perfmon().exit(), "no group: the usage, as jsonperfmon prints it");
        assertTrue(perfmon().out().startsWith("Usage: logq-perfmon"));
    }
}
