package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-world lines of the parser's table ({@code collector/src/test/resources/syslog}: devices'
 * lines and rsyslog's own test lines) sent to a real rsyslogd, which writes what it parsed to a file
 * with a template and relays each message to logqd with omfwd (RFC 5424, octet-counted): what logqd
 * stores must be what rsyslog parsed, field for field, so that putting logqd behind an rsyslog relay
 * changes nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RelayParityIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TABLES = Path.of(System.getProperty("logq.parser.tables", "../collector/src/test/resources/syslog"));

    @TempDir
    Path work;

    /** A line of the tables, and whether the table says logq reads it differently from rsyslog on purpose. */
    record Line(String raw, boolean differs) {}

    /** Every raw line of both tables, but JSON (which rsyslog takes as text and logqd as a JSON event). */
    static List<Line> lines() throws Exception {
        JsonNode differences = JSON.readTree(TABLES.resolve("rsyslog-differences.json").toFile());
        List<Line> lines = new ArrayList<>();
        for (String table : List.of("device-lines.jsonl", "rsyslog-parse-cases.jsonl")) {
            for (String row : Files.readAllLines(TABLES.resolve(table))) {
                if (!row.isBlank()) {
                    JsonNode c = JSON.readTree(row);
                    String raw = c.path("raw").asText();
                    if (!raw.strip().startsWith("{") && !raw.strip().startsWith("[")) {
                        lines.add(new Line(raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw,
                                c.has("differs") || differences.has(c.path("id").asText())));
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void logqdBehindAnRsyslogRelayStoresWhatRsyslogParsed() throws Exception {
        List<Line> lines = lines();
        assertTrue(lines.size() >= 100, lines.size() + " lines");
        Path view = work.resolve("rsyslog-view.jsonl");
        try (LogqdProcess logqd = LogqdProcess.start(work, "relay")) {
            int input = Ports.free();
            try (Rsyslog rsyslog = Rsyslog.start(work, "relay", """
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d" ruleset="relay")
                    template(name="view" type="list") {
                      constant(value="{")
                      property(outname="host" name="hostname" format="jsonf") constant(value=",")
                      property(outname="app" name="app-name" format="jsonf") constant(value=",")
                      property(outname="facility" name="syslogfacility-text" format="jsonf") constant(value=",")
                      property(outname="severity" name="syslogseverity-text" format="jsonf") constant(value=",")
                      property(outname="ts" name="timereported" dateFormat="rfc3339" format="jsonf") constant(value=",")
                      property(outname="msg" name="msg" format="jsonf")
                      constant(value="}\\n")
                    }
                    ruleset(name="relay") {
                      action(type="omfile" file="%s" template="view")
                      action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                             template="RSYSLOG_SyslogProtocol23Format" queue.type="LinkedList" action.resumeRetryCount="-1")
                    }
                    """.formatted(input, view, logqd.syslogPort))) {
                Rsyslog.awaitListening(input);
                try (Socket s = new Socket("127.0.0.1", input); OutputStream out = s.getOutputStream()) {
                    for (Line line : lines) {  // octet-counted: a line's bytes arrive as they are
                        byte[] b = line.raw().getBytes(StandardCharsets.UTF_8);
                        out.write((b.length + " ").getBytes(StandardCharsets.US_ASCII));
                        out.write(b);
                    }
                }
                Cluster.await("logqd has every relayed line", Duration.ofSeconds(60), () -> Cluster.lastSeq(logqd) + 1 >= lines.size(),
                        () -> rsyslog.log() + logqd.logTail());
            }
            Cluster.await("logqd's index has every relayed line", Duration.ofSeconds(30), () -> Cluster.events(logqd).size() >= lines.size());
            List<String> rsyslogSaw = Files.readAllLines(view);
            List<JsonNode> stored = new ArrayList<>(Cluster.events(logqd));
            stored.sort(Comparator.comparingLong(e -> e.path("seq").asLong()));
            assertEquals(lines.size(), rsyslogSaw.size(), "rsyslog's view has a line per message");
            assertEquals(lines.size(), stored.size(), "logqd stored each relayed message once");
            int same = 0;
            for (int i = 0; i < lines.size(); i++) {
                Map<String, String> theirs = rsyslogFields(JSON.readTree(rsyslogSaw.get(i)));
                Map<String, String> ours = logqdFields(stored.get(i));
                if (theirs.equals(ours)) {
                    same++;
                } else if (!lines.get(i).differs()) {  // a difference the tables do not name is a bug
                    assertEquals(theirs, ours, "line " + i + ": " + lines.get(i).raw());
                }
            }
            System.out.printf("relay parity: %d of %d lines stored as rsyslog parsed them; the others are named in the tables%n",
                    same, lines.size());
        }
    }

    /** rsyslog's parse, in the event model's terms: its msg keeps the SP after the tag, which omfwd sends on. */
    private static Map<String, String> rsyslogFields(JsonNode v) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", v.path("host").asText());
        f.put("app", v.path("app").asText().equals("-") ? "" : v.path("app").asText());
        f.put("facility", v.path("facility").asText());
        f.put("severity", v.path("severity").asText());
        f.put("ts", OffsetDateTime.parse(v.path("ts").asText()).toInstant().toString());
        String msg = v.path("msg").asText();
        f.put("msg", msg.startsWith(" ") ? msg.substring(1) : msg);
        return f;
    }

    private static Map<String, String> logqdFields(JsonNode e) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", e.path("host").asText());
        f.put("app", e.path("app").asText(""));
        f.put("facility", e.path("facility").asText());
        f.put("severity", e.path("severity").asText());
        f.put("ts", OffsetDateTime.parse(e.path("ts").asText()).toInstant().toString());
        f.put("msg", e.path("msg").asText());
        return f;
    }
}
