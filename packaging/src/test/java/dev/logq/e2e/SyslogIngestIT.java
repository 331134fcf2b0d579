package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** util-linux {@code logger} over every syslog transport into the real logqd, read back with the real {@code logq}. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SyslogIngestIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration SEARCHABLE = Duration.ofSeconds(10);

    @TempDir
    static Path work;
    static LogqdProcess logqd;

    @BeforeAll
    static void start() {
        logqd = LogqdProcess.start(work, "ingest1");
    }

    @AfterAll
    static void stop() {
        logqd.close();
    }

    private static String token() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void logger(String... args) {
        List<String> command = new ArrayList<>(List.of("logger", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort)));
        command.addAll(List.of(args));
        Run run = Run.of(command);
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void octetCountedTcpMessageIsFoundByLogqWithinASecondOrTwo() throws IOException {
        String t = token();
        logger("--tcp", "--octet-count", "-t", "e2e", "disk full on /var " + t);
        Run found = Logq.until(logqd, r -> r.exit() == 0, SEARCHABLE, "--since", "5m", "disk full on /var " + t);
        assertEquals(0, found.exit(), found + logqd.logTail());
        assertEquals(1, found.lines().size(), found::toString);
        String line = found.lines().getFirst();
        assertTrue(line.endsWith(" e2e: disk full on /var " + t) || line.matches(".* e2e\\[\\d+\\]: disk full on /var " + t), line);
    }

    @Test
    void lfFramedTcpUdpAndRfc3164AllArriveWithTheirFields() throws IOException {
        String t = token();
        logger("--tcp", "--rfc5424", "-t", "lfapp", "-p", "daemon.warning", "tcp lf " + t);
        logger("--udp", "--rfc3164", "-t", "udpapp", "-p", "local3.err", "udp 3164 " + t);
        Run found = Logq.until(logqd, r -> r.lines().size() == 2, SEARCHABLE, "--since", "5m", "-o", "json", "-F", t);
        assertEquals(2, found.lines().size(), found + logqd.logTail());
        for (String line : found.lines()) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "-o json prints one bare JSON object per line: [" + line + "]");
        }
        JsonNode tcp = find(found, "tcp lf " + t);
        assertEquals("lfapp", tcp.path("app").asText());
        assertEquals("daemon", tcp.path("facility").asText());
        assertEquals("warning", tcp.path("severity").asText());
        assertEquals("ingest1", tcp.path("origin").asText());
        assertTrue(tcp.path("source").asText().startsWith("tcp 127.0.0.1:"), tcp.toString());
        JsonNode udp = find(found, "udp 3164 " + t);
        assertEquals("udpapp", udp.path("app").asText());
        assertEquals("local3", udp.path("facility").asText());
        assertEquals("err", udp.path("severity").asText());
        assertTrue(udp.path("source").asText().startsWith("udp 127.0.0.1:"), udp.toString());
    }

    @Test
    void everyLineOfABulkSendIsStoredExactlyOnce() throws IOException {
        String t = token();
        int count = 3000;
        Path lines = work.resolve("bulk-" + t + ".txt");
        List<String> text = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            text.add("bulk " + t + " line " + i);
        }
        Files.write(lines, text);
        Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                "-t", "bulk", "-f", lines.toString()));
        assertEquals(0, sent.exit(), sent::toString);
        Run counted = Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(count)), SEARCHABLE, "--since", "5m", "-c", "-F", "bulk " + t + " line");
        assertEquals(String.valueOf(count), counted.out().strip(), counted + logqd.logTail());
        Run one = Logq.run(logqd, "--since", "5m", "-o", "raw", "-w", "bulk " + t + " line 2999");
        assertEquals(List.of("bulk " + t + " line 2999"), one.lines(), one::toString);
    }

    @Test
    void priorityAndHostFiltersNarrowTheResult() throws IOException {
        String t = token();
        logger("--tcp", "--octet-count", "-t", "prio", "-p", "user.debug", "quiet " + t);
        logger("--tcp", "--octet-count", "-t", "prio", "-p", "user.crit", "loud " + t);
        Run all = Logq.until(logqd, r -> r.lines().size() == 2, SEARCHABLE, "--since", "5m", "-a", "prio", "-o", "raw", t);
        assertEquals(2, all.lines().size(), all::toString);
        Run severe = Logq.run(logqd, "--since", "5m", "-a", "prio", "-p", "err", "-o", "raw", t);
        assertEquals(List.of("loud " + t), severe.lines(), severe::toString);
        Run otherHost = Logq.run(logqd, "--since", "5m", "-H", "no-such-host", t);
        assertEquals(1, otherHost.exit(), otherHost::toString);
        assertEquals("", otherHost.out());
    }

    @Test
    void logqExitsOneWithoutMatchAndTwoWithAHintWhenNoNodeAnswers() {
        Run none = Logq.run(logqd, "--since", "5m", "-F", "no such text " + token());
        assertEquals(1, none.exit(), none::toString);
        Run down = Logq.run(List.of("http://127.0.0.1:" + Ports.free()), "--since", "5m", "x");
        assertEquals(2, down.exit(), down::toString);
        assertEquals(1, down.err().lines().count(), down::toString);
        assertTrue(down.err().startsWith("logq: "), down::toString);
    }

    private static JsonNode find(Run run, String msg) throws IOException {
        for (String line : run.lines()) {
            JsonNode node = JSON.readTree(line);
            if (node.path("msg").asText().equals(msg)) {
                return node;
            }
        }
        throw new AssertionError("no event with msg '" + msg + "' in\n" + run);
    }
}
