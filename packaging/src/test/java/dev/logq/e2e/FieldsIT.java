package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured fields end to end: JSON events over HTTP to one node, RFC 5424 structured data from
 * {@code logger} to the other, replicated both ways; the real launcher filters on them, counts by them
 * and lists them, each event once although both nodes hold it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FieldsIT {

    static final int JSON_EVENTS = 300;
    static final int SD_EVENTS = 40;
    static final String[] PATHS = {"/", "/api", "/login"};

    @TempDir
    Path work;

    static int status(int i) {
        return i % 10 == 0 ? 503 : i % 7 == 0 ? 404 : 200;
    }

    @Test
    void filtersCountsAndTheFieldListSeeEachEventOnceOnTwoNodes() throws Exception {
        try (Cluster cluster = Cluster.start(work, "fld", 2)) {
            LogqdProcess n1 = cluster.node(1);
            LogqdProcess n2 = cluster.node(2);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < JSON_EVENTS; i++) {
                lines.add("{\"host\":\"web1\",\"app\":\"shop\",\"msg\":\"request " + i + "\",\"status\":" + status(i)
                        + ",\"path\":\"" + PATHS[i % 3] + "\",\"took\":{\"ms\":" + (i * 1.5) + "}}");
            }
            Path ndjson = Files.write(work.resolve("events.ndjson"), lines);
            Run posted = Run.of(List.of("curl", "-sS", "-f", "-H", "Content-Type: application/x-ndjson", "--data-binary", "@" + ndjson,
                    n1.url() + "/api/v1/ingest"));
            assertEquals(0, posted.exit(), posted.toString());
            for (int i = 0; i < SD_EVENTS; i++) {
                Run sent = Run.of(List.of("logger", "--rfc5424", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(n2.syslogPort),
                        "-t", "billing", "--sd-id", "order@32473", "--sd-param", "amount=\"" + (i * 10) + "\"",
                        "--sd-param", "currency=\"" + (i % 2 == 0 ? "EUR" : "USD") + "\"", "order " + i));
                assertEquals(0, sent.exit(), sent.toString());
            }
            Cluster.await("both nodes hold all events", Duration.ofSeconds(60),
                    () -> Cluster.lastSeq(n1) + 1 >= JSON_EVENTS && Cluster.lastSeq(n2) + 1 >= SD_EVENTS);
            cluster.awaitConverged(Duration.ofSeconds(60));
            List<String> both = List.of(n1.url(), n2.url());
            long expected5xx = java.util.stream.IntStream.range(0, JSON_EVENTS).filter(i -> status(i) >= 500).count();

            Run errors = Logq.until(n1, r -> r.lines().size() == expected5xx, Duration.ofSeconds(30),
                    "--since", "1d", "--field", "status>=500", "-o", "raw");
            assertEquals(expected5xx, errors.lines().size(), errors.toString());
            Run asked = Logq.run(both, "--since", "1d", "--field", "status>=500", "-o", "raw");
            assertEquals(errors.lines(), asked.lines(), "asking both nodes, each event once");
            assertEquals("request 0", asked.lines().getFirst());
            Run coloured = Logq.run(both, "--since", "1d", "--field", "status>=500", "--color=always", "-o", "raw", "-F", "request 1");
            assertEquals("\033[1m\033[01;31mrequest 1\033[m\033[1m0\033[m", coloured.lines().getFirst(),
                    "the nodes mark the match, logq colours it (in notice's bold, the level of JSON without one): " + coloured);

            assertEquals(String.valueOf(JSON_EVENTS / 3), Logq.run(both, "--since", "1d", "--field", "path=/api", "-c").out().strip());
            assertEquals("1", Logq.run(both, "--since", "1d", "--field", "took.ms=15", "-c").out().strip(), "request 10, 10 * 1.5");
            assertEquals(String.valueOf(SD_EVENTS / 2), Logq.run(both, "--since", "1d", "--field", "order@32473.currency=EUR", "-c")
                    .out().strip(), "RFC 5424 structured data, as SD-ID.PARAM");
            assertEquals("5", Logq.run(both, "--since", "1d", "--field", "order@32473.amount>=300", "--field", "order@32473.amount<350",
                    "-c").out().strip(), "amounts 300..340");

            Map<String, Long> byStatus = new TreeMap<>();
            for (String line : Logq.run(both, "--since", "1d", "--count-by", "status", "-o", "json").lines()) {
                JsonNode row = Cluster.JSON.readTree(line);
                byStatus.put(row.path("status").asText(), row.path("count").asLong());
            }
            Map<String, Long> sentByStatus = new TreeMap<>();
            for (int i = 0; i < JSON_EVENTS; i++) {
                sentByStatus.merge(String.valueOf(status(i)), 1L, Long::sum);
            }
            assertEquals(sentByStatus, byStatus, "--count-by a field, each event once");

            Run fields = Logq.run(both, "fields", "--since", "1d", "-o", "json");
            assertEquals(0, fields.exit(), fields.toString());
            Map<String, Long> counts = new TreeMap<>();
            for (String line : fields.lines()) {
                JsonNode row = Cluster.JSON.readTree(line);
                counts.put(row.path("field").asText(), row.path("count").asLong());
                assertTrue(row.path("examples").size() > 0, line);
            }
            counts.remove("timeQuality.syncAccuracy");  // logger adds timeQuality, with syncAccuracy only when NTP is in sync
            long json = JSON_EVENTS;
            assertEquals(Map.of("order@32473.amount", (long) SD_EVENTS, "order@32473.currency", (long) SD_EVENTS, "path", json,
                    "status", json, "took.ms", json, "timeQuality.isSynced", (long) SD_EVENTS, "timeQuality.tzKnown", (long) SD_EVENTS),
                    counts, "each event once: " + fields.out());
            Run table = Logq.run(both, "fields", "--since", "1d", "-a", "billing");
            assertEquals("FIELD", table.lines().getFirst().split(" +")[0], table.toString());
            assertTrue(table.out().contains("EUR, USD"), table.out());
            assertEquals(1, Logq.run(both, "fields", "--since", "1d", "-a", "nosuchapp").exit(), "no fields: exit 1");
        }
    }

    @Test
    void badFieldOptionsAreOneLineWithAHintAndExitTwo() throws Exception {
        try (LogqdProcess node = LogqdProcess.start(work, "fldbad")) {
            Run posted = Run.of(List.of("curl", "-sS", "-f", "--data-binary", "{\"host\":\"h\",\"msg\":\"m\",\"status\":200}",
                    node.url() + "/api/v1/ingest"));
            assertEquals(0, posted.exit(), posted.toString());
            for (var bad : List.of(
                    List.of("--field", "status~200"),
                    List.of("--field", "status>high"),
                    List.of("--field", "=200"),
                    List.of("--count-by", "nonsense"),
                    List.of("fields", "--since", "banana"),
                    List.of("fields", "--field", "a=>1"))) {
                List<String> args = new ArrayList<>(List.of("--since", "1d"));
                if (bad.getFirst().equals("fields")) {
                    args = new ArrayList<>(bad);
                } else {
                    args.addAll(bad);
                }
                Run r = Logq.run(node, args.toArray(String[]::new));
                assertEquals(2, r.exit(), bad + ": " + r);
                assertTrue(r.err().startsWith("logq: "), bad + ": " + r.err());
                assertTrue(r.err().contains("--field") || r.err().contains("--count-by") || r.err().contains("--since"), r.err());
            }
            Run nonsense = Logq.run(node, "--since", "1d", "--count-by", "nonsense");
            assertEquals(1, nonsense.err().lines().count(), nonsense.err());
            assertTrue(nonsense.err().contains("no matching event has a field 'nonsense'") && nonsense.err().contains("logq fields"),
                    nonsense.err());
        }
    }
}
