package dev.logq.e2e;

import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
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
                // recognised at ingest: the sample's numbers are fields, so logq stats reads them from the index
                assertStatsShowTheHost(logqd, events.getFirst().get("host").textValue());
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
            // Over HTTP the sample is the event's fields; over RELP (syslog) logqd recognises it and makes it so.
            Run cpus = Logq.run(logqd, "--since", "10m", "-a", "logq-perfmon", "-c", "--field", "cpu_total.active>0", "-F", "server");
            assertEquals("4", cpus.out().strip(), cpus + "\n" + events);
            for (JsonNode event : events) {
                assertEquals("local1", event.get("facility").textValue(), "the same facility on every path: " + event);
            }
            assertStatsShowTheHost(logqd, events.getFirst().get("host").textValue());
        }
    }

    /** logq stats prints a line for the host with its CPU use; -o csv a row per bucket with a number. */
    private static void assertStatsShowTheHost(LogqdProcess logqd, String host) {
        Run table = Logq.run(logqd, "stats", "cpu_total.physique.user_pct", "--since", "10m");
        assertEquals(0, table.exit(), table.toString());
        assertEquals(2, table.lines().size(), table.toString());
        assertTrue(table.lines().get(1).matches(host + " +cpu_total\\.physique\\.user_pct +[0-9.]+ +\\S.*"), table.toString());
        Run csv = Logq.run(logqd, "stats", "cpu_total.physique.user_pct", "--since", "10m", "--every", "10s", "-o", "csv");
        assertEquals("time,host,field,avg", csv.lines().getFirst(), csv.toString());
        for (String line : csv.lines().subList(1, csv.lines().size())) {
            double value = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
            assertTrue(value >= 0 && value <= 100, line);
        }
        Run none = Logq.run(logqd, "stats", "no.such.field", "--since", "10m");
        assertEquals(1, none.exit(), none.toString());
        Run bad = Logq.run(logqd, "stats", "--since", "10m");
        assertEquals(2, bad.exit(), bad.toString());
        assertEquals(1, bad.err().lines().filter(l -> l.startsWith("logq")).count(), bad.err());
    }

    @Test
    void logqdSamplesItsOwnHostWithSelfStats() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "pm-self", "--self-stats", "1s")) {
            Run found = Logq.until(logqd, r -> r.lines().size() >= 2, Duration.ofSeconds(30),
                    "--since", "10m", "-a", "logq-perfmon", "-o", "json", "-n", "2");
            assertEquals(2, found.lines().size(), found + "\n" + logqd.logTail());
            JsonNode sample = JSON.readTree(found.lines().getFirst());
            assertEquals("self-stats", sample.get("source").textValue());
            assertTrue(sample.get("fields").has("processes"), sample.toString());
            assertStatsShowTheHost(logqd, sample.get("host").textValue());
            Path png = work.resolve("cpu.png");
            Run plot = Logq.run(logqd, "stats", "cpu_total.physique.user_pct", "--since", "10m", "--every", "10s", "--plot", png.toString());
            assertEquals(0, plot.exit(), plot.toString());
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "a PNG image: " + png);
            String metrics = logqd.get("/metrics").body();
            assertTrue(metrics.contains("logq_host_cpu_pct{host=\"" + sample.get("host").textValue() + "\",kind=\"user\"}"), metrics);
            assertTrue(metrics.contains("logq_host_memory_mb{host=\""), metrics);
            Run top = Logq.run(logqd, "top");
            assertEquals(0, top.exit(), top.toString());
            assertTrue(top.lines().get(0).startsWith("HOST ") && top.lines().get(1).startsWith(sample.get("host").textValue() + " "),
                    top.toString());
            assertTrue(logqd.logText().contains("sampling this host every 1 s as app logq-perfmon (--self-stats)"), logqd.logTail());
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
