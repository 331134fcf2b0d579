package dev.logq.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.lucene.util.StringHelper;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static Event event(String host, String app, String procid, String msg) {
        Instant ts = Instant.parse("2026-11-24T09:00:00.123456789Z");
        return new Event(ts, ts, host, app, procid, null, Facility.AUTH, Severity.INFO, msg, Map.of(), null, null, Event.NO_SEQ, null);
    }

    /** The encoding as ContentHash's comment gives it, written another way: indexes built before hold these hashes. */
    private static long documented(Event e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);  // big-endian
        out.writeLong(e.ts().getEpochSecond());
        out.writeLong(e.ts().getNano());
        for (String s : new String[] {e.host(), e.app(), e.procid(), e.msg()}) {
            if (s == null) {
                out.writeLong(-1);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeLong(b.length);
                out.write(b);
            }
        }
        byte[] b = bytes.toByteArray();
        long[] h = StringHelper.murmurhash3_x64_128(b, 0, b.length, 0);
        return h[0] ^ h[1];
    }

    @Test
    void hashesTheDocumentedEncodingSoExistingIndexesStillCollapseCopies() throws IOException {
        for (Event e : new Event[] {event("web1", "sshd", "4242", "Failed password for root from 198.51.100.23 port 22 ssh2"),
                event("web1", null, null, ""), event("höst", "app", "1", "naïve ☃ 𝄞 text"), event("h", "a", "p", "x".repeat(70_000))}) {
            assertEquals(documented(e), ContentHash.of(e), e.msg());
        }
    }

    @Test
    void lengthPrefixesKeepNeighbouringFieldsApart() {
        assertNotEquals(ContentHash.of(event("web1", "sshd", null, "x")), ContentHash.of(event("web", "1sshd", null, "x")));
        assertNotEquals(ContentHash.of(event("web1", null, "x", "y")), ContentHash.of(event("web1", "x", null, "y")));
    }
}
