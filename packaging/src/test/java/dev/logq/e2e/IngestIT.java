package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines and the Elasticsearch bulk shape over HTTP, sent with curl, found with the real logq. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IngestIT {

    static final ObjectMapper JSON = new ObjectMapper();

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

    private static Run curl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        return Run.of(command);
    }

    /** The HTTP status curl printed last, and the body before it. */
    private static int status(Run r) {
        List<String> lines = r.lines();
        return Integer.parseInt(lines.getLast().strip());
    }

    private static JsonNode body(Run r) throws Exception {
        String out = r.out();
        return JSON.readTree(out.substring(0, out.lastIndexOf('\n')));
    }

    @Test
    void oneMessageSizeLimitAppliesToTheTextOnEveryPath() throws Exception {
        try (LogqdProcess small = LogqdProcess.start(work, "ingest-1k", "--max-message-size", "1k")) {
            String text = "y".repeat(3008);
            Path line = Files.writeString(work.resolve("long.ndjson"), "{\"host\":\"limit1\",\"app\":\"lim\",\"msg\":\"" + text + "\"}\n");
            Run r = curl("--data-binary", "@" + line, small.url() + "/api/v1/ingest");
            assertEquals(200, status(r), r.toString());
            Path bulk = Files.writeString(work.resolve("long-bulk.ndjson"), "{\"index\":{}}\n{\"host.name\":\"limit1\",\"service\":\"lim\",\"message\":\"" + text + "\"}\n");
            r = curl("-H", "Content-Type: application/x-ndjson", "--data-binary", "@" + bulk, small.url() + "/_bulk");
            assertEquals(200, status(r), r.toString());
            String exactly = "z".repeat(1024);  // the header does not count
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", small.syslogPort); OutputStream out = s.getOutputStream()) {
                out.write(("<13>Nov 30 10:00:00 limit1 lim: " + exactly + "\n<13>Nov 30 10:00:00 limit1 lim: " + text + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Run found = Logq.until(small, x -> x.lines().size() == 4, Duration.ofSeconds(10), "--since", "30d", "-H", "limit1", "-o", "raw");
            List<String> expected = List.of("y".repeat(1024), "y".repeat(1024), "y".repeat(1024), exactly);
            assertEquals(expected.stream().sorted().toList(), found.lines().stream().sorted().toList(),
                    "HTTP ingest, _bulk and syslog each cut the text at 1k; 1k of text with a header is whole");
            String metrics = small.get("/metrics").body();
            assertTrue(metrics.contains("logq_events_truncated_total{listener=\"http\"} 2.0"), metrics);
            assertTrue(metrics.contains("logq_events_truncated_total{listener=\"syslog-tcp\"} 1.0"), metrics);
        }
    }

    @Test
    void goodLinesAreStoredAndBadOnesReportedByLineNumber() throws Exception {
        Path lines = Files.writeString(work.resolve("lines.ndjson"), """
                {"ts":"2026-11-30T10:00:00Z","host":"app7","app":"billing","severity":"err","msg":"json ingest one","amount":12.5}
                {"msg": "cut short
                {"host":"app7","app":"billing","message":"json ingest two","user":{"id":42}}
                """);
        Run r = curl("-H", "Content-Type: application/x-ndjson", "--data-binary", "@" + lines, logqd.url() + "/api/v1/ingest");
        assertEquals(200, status(r), r.toString());
        JsonNode answer = body(r);
        assertEquals(2, answer.path("accepted").asInt(), answer.toString());
        assertEquals(1, answer.path("rejected").asInt());
        assertEquals(2, answer.path("errors").get(0).path("line").asInt());

        Run found = Logq.until(logqd, x -> x.lines().size() == 2, Duration.ofSeconds(10),
                "--since", "2026-11-30T00:00:00Z", "-H", "app7", "-o", "json", "-F", "json ingest");
        assertEquals(2, found.lines().size(), found + logqd.logTail());
        JsonNode one = JSON.readTree(found.lines().getFirst());
        assertEquals("json ingest one", one.path("msg").asText());
        assertEquals("err", one.path("severity").asText());
        assertEquals(12.5, one.path("fields").path("amount").asDouble());
        assertEquals(42, JSON.readTree(found.lines().get(1)).path("fields").path("user").path("id").asInt());
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        Path gz = work.resolve("lines.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 1000; i++) {
                out.write(("{\"host\":\"gz1\",\"msg\":\"gzipped line " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Run r = curl("-H", "Content-Encoding: gzip", "--data-binary", "@" + gz, logqd.url() + "/api/v1/ingest");
        assertEquals(200, status(r), r.toString());
        assertEquals(1000, body(r).path("accepted").asInt());
        Run counted = Logq.until(logqd, x -> x.out().strip().equals("1000"), Duration.ofSeconds(10), "--since", "5m", "-H", "gz1", "-c");
        assertEquals("1000", counted.out().strip(), counted.toString());
    }

    @Test
    void theElasticsearchBulkShapeWorksAsShippersSendIt() throws Exception {
        Run info = curl(logqd.url() + "/");
        assertEquals(200, status(info));
        assertEquals("8.0.0", body(info).path("version").path("number").asText());

        Path bulk = Files.writeString(work.resolve("bulk.ndjson"), """
                {"create":{"_index":"logs-app"}}
                {"@timestamp":"2026-11-30T10:00:01Z","host":{"name":"vec1"},"message":"bulk via create","log":{"level":"warn"}}
                {"index":{}}
                {"@timestamp":"2026-11-30T10:00:02Z","host":{"name":"vec1"},"message":"bulk via index"}
                {"delete":{"_id":"x"}}
                """);
        Run r = curl("-H", "Content-Type: application/x-ndjson", "--data-binary", "@" + bulk, logqd.url() + "/logs-app/_bulk");
        assertEquals(200, status(r), r.toString());
        JsonNode answer = body(r);
        assertTrue(answer.path("errors").asBoolean(), "the delete is an error item");
        assertEquals(201, answer.path("items").get(0).path("create").path("status").asInt(), answer.toString());
        assertEquals(201, answer.path("items").get(1).path("index").path("status").asInt());
        assertEquals(400, answer.path("items").get(2).path("delete").path("status").asInt());

        Run found = Logq.until(logqd, x -> x.lines().size() == 2, Duration.ofSeconds(10),
                "--since", "2026-11-30T00:00:00Z", "-H", "vec1", "-o", "raw", "-F", "bulk via");
        assertEquals(List.of("bulk via create", "bulk via index"), found.lines(), found.toString());
    }

    /** What a stock Elasticsearch output does: read the version, check health, send bulk requests. */
    @Test
    void theOfficialElasticsearchClientSendsBulkRequests() throws Exception {
        Path script = Files.writeString(work.resolve("es-bulk.js"), """
                const { Client } = require('@elastic/elasticsearch');
                const client = new Client({ node: process.argv[2] });
                (async () => {
                  const info = await client.info();
                  const health = await client.cluster.health();
                  const bulk = await client.bulk({ operations: [
                    { create: { _index: 'logs-es' } },
                    { '@timestamp': '2026-11-30T10:00:03Z', host: { name: 'esjs1' }, log: { level: 'warn' }, message: 'es client bulk one' },
                    { index: { _index: 'logs-es' } },
                    { '@timestamp': '2026-11-30T10:00:04Z', host: { name: 'esjs1' }, message: 'es client bulk two', took_ms: 7 } ] });
                  const helper = await client.helpers.bulk({
                    datasource: [ { '@timestamp': '2026-11-30T10:00:05Z', hostname: 'esjs1', message: 'es client helper three' } ],
                    onDocument: () => ({ create: { _index: 'logs-es' } }) });
                  console.log(JSON.stringify({ version: info.version.number, health: health.status,
                      bulkErrors: bulk.errors, items: bulk.items.length, helperOk: helper.successful, helperFailed: helper.failed }));
                })().catch(e => { console.error(e.name + ': ' + e.message); process.exit(1); });
                """);
        Run r = Run.of(List.of("node", script.toString(), logqd.url()), java.util.Map.of("NODE_PATH", Dist.esClient().toString()), null);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(JSON.readTree("{\"version\":\"8.0.0\",\"health\":\"green\",\"bulkErrors\":false,\"items\":2,\"helperOk\":1,\"helperFailed\":0}"),
                JSON.readTree(r.lines().getLast()), r.toString());

        Run found = Logq.until(logqd, x -> x.lines().size() == 3, Duration.ofSeconds(10),
                "--since", "2026-11-30T00:00:00Z", "-H", "esjs1", "-o", "json", "-F", "es client");
        assertEquals(3, found.lines().size(), found + logqd.logTail());
        JsonNode first = JSON.readTree(found.lines().getFirst());
        assertEquals("es client bulk one", first.path("msg").asText());
        assertEquals("warning", first.path("severity").asText(), "log.level of the Elastic Common Schema");
        assertEquals(7, JSON.readTree(found.lines().get(1)).path("fields").path("took_ms").asInt());
    }

    @Test
    void aHundredMegabyteRequestIsRefusedAndLogqdKeepsServing() throws Exception {
        Path big = work.resolve("big.ndjson");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] line = ("{\"msg\":\"" + "x".repeat(1000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 100_000; i++) {
                out.write(line);
            }
        }
        Run r = curl("--data-binary", "@" + big, logqd.url() + "/api/v1/ingest");
        assertEquals(413, status(r), r.toString());
        assertEquals(200, logqd.get("/healthz").statusCode());
        Run small = curl("--data-binary", "{\"host\":\"after-big\",\"msg\":\"still taking events\"}", logqd.url() + "/api/v1/ingest");
        assertEquals(200, status(small), small.toString());
        assertTrue(logqd.get("/metrics").body().contains("logq_connections_opened_total{listener=\"http\"}"));
    }
}
