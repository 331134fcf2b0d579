package dev.logq.collector.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logq.store.model.Event;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real syslog lines, table-driven, each with the fields logqd must parse it to.
 *
 * <ul>
 *   <li>{@code syslog/device-lines.jsonl}: lines from network devices, firewalls, Windows forwarders,
 *       BSD syslogd, systemd and relays, each with the public file it was taken from ({@code source}:
 *       repository, path, commit); the expected fields are ours ({@code expect}), and where rsyslog's
 *       default parser reads a line differently, {@code differs} says how and why.</li>
 *   <li>{@code syslog/rsyslog-parse-cases.jsonl}: rsyslog's own parser tests (their files and commits
 *       are in each case's {@code source} and {@code commit}), expected as rsyslog's tests expect
 *       them, but for the cases {@code syslog/rsyslog-differences.json} lists, where logq reads the
 *       line differently on purpose, with the reason (docs/clients.md sums them up).</li>
 * </ul>
 *
 * Fields: {@code ts} as an instant ({@code "received"} for the receive time), {@code host}
 * ({@code "$SENDER"} for the sender's address), {@code app} and {@code procid} ({@code ""} or absent
 * for none), {@code facility}, {@code severity}, {@code msg}, and {@code timestamp} in rsyslog's
 * {@code Mmm dd hh:mm:ss} rendering. The parser reads RFC 3164 times in UTC and "now" is {@link #NOW}.
 */
class RealLinesTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.7", 40312);
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter RSYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SyslogParser parser = new SyslogParser(InstantSource.fixed(NOW), ZoneOffset.UTC);

    static List<JsonNode> read(String resource) {
        List<JsonNode> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                RealLinesTest.class.getResourceAsStream("/syslog/" + resource), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    cases.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static Stream<Arguments> deviceLines() {
        return read("device-lines.jsonl").stream().map(c -> Arguments.of(c.path("id").asText(), c));
    }

    static Stream<Arguments> rsyslogCases() throws IOException {
        JsonNode differences = JSON.readTree(RealLinesTest.class.getResourceAsStream("/syslog/rsyslog-differences.json"));
        return read("rsyslog-parse-cases.jsonl").stream().map(c -> {
            ObjectNode expect = c.path("expect").isObject() ? ((ObjectNode) c.path("expect")).deepCopy() : JSON.createObjectNode();
            if (c.path("rsyslog").has("timestamp")) {
                expect.put("timestamp", c.path("rsyslog").path("timestamp").asText());
            }
            JsonNode ours = differences.path(c.path("id").asText());
            ours.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("why")) {
                    expect.set(f.getKey(), f.getValue());
                }
            });
            String raw = c.path("raw").asText();  // a line end is the test's framing, not the message's
            return Arguments.of(c.path("id").asText(), raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw, expect);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceLines")
    void aDevicesLineParsesToItsFields(String id, JsonNode line) {
        assertTrue(line.path("source").asText().matches(".+ .+ @[0-9a-f]{12}"), id + " names where it came from");
        assertFields(id, line.path("raw").asText(), line.path("expect"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsyslogCases")
    void rsyslogsOwnTestLineParsesAsRsyslogReadsIt(String id, String raw, JsonNode expect) {
        assertFields(id, raw, expect);
    }

    private void assertFields(String id, String raw, JsonNode expect) {
        if (expect.size() == 0) {
            fail(id + " has no expected fields; it parses to " + json(fields(parse(raw), expect)));
        }
        Event e = parse(raw);
        Map<String, String> actual = fields(e, expect);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Iterator<String> names = expect.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            wanted.put(name, expect.path(name).isNull() ? "" : expect.path(name).asText());
        }
        assertEquals(wanted, actual, id + ": " + raw);
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Event parse(String raw) {
        return parser.parse(Unpooled.wrappedBuffer(raw.getBytes(StandardCharsets.UTF_8)), SENDER, "tcp", 64 * 1024).event();
    }

    /** The event's fields that {@code expect} names, in the table's spelling. */
    private static Map<String, String> fields(Event e, JsonNode expect) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ts", e.ts().equals(NOW) ? "received" : e.ts().toString());
        all.put("timestamp", RSYSLOG_TIME.format(e.ts()));
        all.put("host", e.host().equals(SENDER.getAddress().getHostAddress()) ? "$SENDER" : e.host());
        all.put("app", e.app() == null ? "" : e.app());
        all.put("procid", e.procid() == null ? "" : e.procid());
        all.put("facility", e.facility().label());
        all.put("severity", e.severity().label());
        all.put("msg", e.msg());
        Map<String, String> named = new LinkedHashMap<>();
        for (Iterator<String> names = expect.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            named.put(name, all.getOrDefault(name, "(no such field)"));
        }
        return expect.size() == 0 ? all : named;
    }
}
