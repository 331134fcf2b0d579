package dev.logq.collector.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which JSON fields mean what, for logq's own names and for those shippers send. */
class JsonEventTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static Event parse(String json) throws JsonEvent.Invalid {
        return JsonEvent.parse(json, NOW, "192.0.2.9", "http 192.0.2.9:5000");
    }

    @Test
    void logqNamesMapOntoTheEventAndTheRestGoesToFieldsWithNumbersAsNumbers() throws Exception {
        Event e = parse("""
                {"ts":"2026-11-30T11:59:58.5+01:00","host":"web1","app":"nginx","procid":"42","msgid":"ACC",
                 "facility":"local3","severity":"warning","msg":"slow request","sd":{"meta@1":{"id":"7"}},
                 "latency_ms":1234,"ratio":0.5,"ok":true,"tags":["a","b"],"origin":"spoofed","seq":9}""");
        assertEquals(Instant.parse("2026-11-30T10:59:58.5Z"), e.ts());
        assertEquals(NOW, e.received());
        assertEquals("web1", e.host());
        assertEquals("nginx", e.app());
        assertEquals("42", e.procid());
        assertEquals("ACC", e.msgid());
        assertEquals(Facility.LOCAL3, e.facility());
        assertEquals(Severity.WARNING, e.severity());
        assertEquals("slow request", e.msg());
        assertEquals(Map.of("meta@1", Map.of("id", "7")), e.sd());
        assertEquals("{\"latency_ms\":1234,\"ratio\":0.5,\"ok\":true,\"tags\":[\"a\",\"b\"]}", e.fields());
        assertNull(e.origin(), "the receiving node gives the identity, not the sender");
        assertEquals("http 192.0.2.9:5000", e.source());
    }

    @Test
    void shipperNamesAreUnderstood() throws Exception {
        Event vector = parse("{\"@timestamp\":\"2026-11-30T11:00:00Z\",\"host\":{\"name\":\"db1\",\"ip\":\"10.0.0.5\"},"
                + "\"message\":\"checkpoint complete\",\"log\":{\"level\":\"error\"},\"service\":\"postgres\"}");
        assertEquals(Instant.parse("2026-11-30T11:00:00Z"), vector.ts());
        assertEquals("db1", vector.host());
        assertEquals("postgres", vector.app());
        assertEquals(Severity.ERR, vector.severity());
        assertEquals("checkpoint complete", vector.msg());
        assertTrue(vector.fields().contains("\"ip\":\"10.0.0.5\""), vector.fields());

        assertEquals(Instant.parse("2026-11-30T11:00:00.123Z"), parse("{\"timestamp\":\"2026-11-30T11:00:00.123\"}").ts(), "no offset: UTC");
        assertEquals(Instant.parse("2026-11-30T11:00:00Z"), parse("{\"time\":\"2026-11-30T12:00+01:00\"}").ts(), "ISO without seconds");

        Event docker = parse("{\"time\":1764500000.25,\"log\":\"started\\n\",\"level\":\"fatal\",\"hostname\":\"c1\"}");
        assertEquals(Instant.ofEpochSecond(1764500000L, 250_000_000L), docker.ts());
        assertEquals("started\n", docker.msg());
        assertEquals(Severity.CRIT, docker.severity());
        assertEquals("c1", docker.host());
    }

    @Test
    void flatDottedEcsKeysMeanWhatTheNestedOnesMean() throws Exception {
        Event flat = parse("{\"host.name\":\"db1\",\"log.level\":\"warn\",\"message\":\"vacuum\",\"host.ip\":\"10.0.0.5\"}");
        Event nested = parse("{\"host\":{\"name\":\"db1\",\"ip\":\"10.0.0.5\"},\"log\":{\"level\":\"warn\"},\"message\":\"vacuum\"}");
        assertEquals("db1", flat.host());
        assertEquals(Severity.WARNING, flat.severity());
        assertEquals(nested.host(), flat.host());
        assertEquals(nested.severity(), flat.severity());
        assertEquals("{\"host.name\":\"db1\",\"log.level\":\"warn\",\"host.ip\":\"10.0.0.5\"}", flat.fields(), "kept, as the nested ones are");
        assertEquals(Severity.ERR, parse("{\"log.level\":\"warn\",\"level\":\"error\"}").severity(), "a plain level still wins");
        assertEquals("db1", parse("{\"hostname\":\"web9\",\"host.name\":\"db1\"}").host(), "host.name names the host");
    }

    @Test
    void theMessageTextIsCutToTheLimitAndFlagged() throws Exception {
        byte[] line = "{\"msg\":\"ab\u00e9 and more\",\"n\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Parsed cut = JsonEvent.parse(line, 0, line.length, NOW, new Peer("192.0.2.9", "http"), 3);
        assertEquals("ab", cut.event().msg(), "cut between characters: \u00e9 is two bytes");
        assertTrue(cut.truncated());
        assertEquals("{\"n\":1}", cut.event().fields(), "fields are not cut");
        Parsed exact = JsonEvent.parse(line, 0, line.length, NOW, new Peer("192.0.2.9", "http"), 13);
        assertEquals("ab\u00e9 and more", exact.event().msg());
        assertFalse(exact.truncated());
    }

    @Test
    void missingPartsHaveDefaultsAndAnObjectWithoutMessageIsSearchableByItsFields() throws Exception {
        Event e = parse("{\"cpu\":93.5,\"disk\":\"sda\"}");
        assertEquals(NOW, e.ts());
        assertEquals("192.0.2.9", e.host());
        assertEquals(Severity.NOTICE, e.severity());
        assertEquals(Facility.USER, e.facility());
        assertEquals("{\"cpu\":93.5,\"disk\":\"sda\"}", e.msg());
        assertEquals(e.msg(), e.fields());
    }

    @Test
    void badLinesSayWhatIsWrong() {
        assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"msg\":")).getMessage().startsWith("not JSON"));
        assertEquals("not a JSON object", assertThrows(JsonEvent.Invalid.class, () -> parse("[1,2]")).getMessage());
        assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"ts\":\"yesterday\",\"msg\":\"x\"}")).getMessage()
                .contains("is not RFC 3339"));
        for (String beyondInstant : new String[] {"-1.5e23", "9.9e300", "-9.2233720368547758e18"}) {  // found by JsonEventFuzzTest
            assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"ts\":" + beyondInstant + "}")).getMessage()
                    .contains("is not RFC 3339"), beyondInstant);
        }
        assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"severity\":\"loud\",\"msg\":\"x\"}")).getMessage()
                .contains("unknown severity 'loud'"));
        assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"sd\":[1],\"msg\":\"x\"}")).getMessage()
                .startsWith("sd must be an object"));
        assertTrue(assertThrows(JsonEvent.Invalid.class, () -> parse("{\"deep\":" + "[".repeat(1000) + "]".repeat(1000) + "}")).getMessage()
                .startsWith("not JSON"), "nesting is limited");
        assertEquals("not a JSON object", assertThrows(JsonEvent.Invalid.class, () -> parse("[".repeat(1000))).getMessage());
    }
}
