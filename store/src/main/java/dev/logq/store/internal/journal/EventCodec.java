package dev.logq.store.internal.journal;

import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of an {@link Event}: one journal excerpt, read by queries at its address
 * ({@link ExcerptReader}), and for the few events the index stores whole, its stored field.
 *
 * <pre>
 * record     = version ts received seq origin fac-sev host app procid msgid source msg [fields] sd
 * version    = %x01 / %x02                 ; 2: no fields part, the fields are the message's text (a JSON
 *                                          ; event without a message, a host-statistics sample), kept once
 * ts         = instant                    ; the event time
 * received   = instant
 * instant    = zigzag-varlong varint       ; epoch seconds, then nanoseconds 0..999999999
 * seq        = zigzag-varlong              ; -1 = none (not yet journaled)
 * origin     = opt-string
 * fac-sev    = OCTET                       ; facility code * 8 + severity code
 * host       = string
 * app        = opt-string
 * procid     = opt-string
 * msgid      = opt-string
 * source     = opt-string
 * msg        = string
 * fields     = opt-string                  ; the JSON text of the fields object
 * sd         = varint *(string varint *(string string))   ; SD-ID count, then each id, its param count, names and values
 * string     = varint *OCTET               ; length, then UTF-8
 * opt-string = %x00 / varint *OCTET        ; 0 = null, else length + 1, then UTF-8
 * varint     = unsigned LEB128 of a 32-bit value; varlong the same for 64 bits
 * </pre>
 *
 * Identity ({@code seq}, {@code origin}) comes first so a journal scan for high-water marks reads a
 * few bytes per record. Strings are UTF-8: a lone UTF-16 surrogate (possible only from a JSON escape
 * such as {@code "\ud800"}) is stored as '?', as {@link String#getBytes} does.
 */
public final class EventCodec {

    static final byte VERSION = 1;
    /** A record whose fields are its message's text, which is therefore stored once. */
    static final byte VERSION_FIELDS_ARE_MESSAGE = 2;

    private EventCodec() {}

    /** A growable byte buffer that encodes events; reuse one per thread to avoid garbage. */
    public static final class Writer {
        private byte[] buf = new byte[512];
        private int len;

        /** Encodes the event, replacing what the buffer held. */
        public Writer encode(Event e) {
            len = 0;
            boolean fieldsAreMessage = e.fields() != null && e.fields().equals(e.msg());
            put(fieldsAreMessage ? VERSION_FIELDS_ARE_MESSAGE : VERSION);
            putInstant(e.ts());
            putInstant(e.received());
            putVarLong(zigzag(e.seq()));
            putOptString(e.origin());
            put((byte) (e.facility().code() * 8 + e.severity().code()));
            putString(e.host());
            putOptString(e.app());
            putOptString(e.procid());
            putOptString(e.msgid());
            putOptString(e.source());
            putString(e.msg());
            if (!fieldsAreMessage) {
                putOptString(e.fields());
            }
            putVarLong(e.sd().size());
            for (var element : e.sd().entrySet()) {
                putString(element.getKey());
                putVarLong(element.getValue().size());
                for (var param : element.getValue().entrySet()) {
                    putString(param.getKey());
                    putString(param.getValue());
                }
            }
            return this;
        }

        byte[] array() {
            return buf;
        }

        int length() {
            return len;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        private void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        private void putVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        private void putInstant(Instant t) {
            putVarLong(zigzag(t.getEpochSecond()));
            putVarLong(t.getNano());
        }

        private void putString(String s) {
            putBytes(s.getBytes(StandardCharsets.UTF_8), 0);
        }

        private void putOptString(String s) {
            if (s == null) {
                put((byte) 0);
            } else {
                putBytes(s.getBytes(StandardCharsets.UTF_8), 1);
            }
        }

        private void putBytes(byte[] b, int lengthBias) {
            putVarLong(b.length + (long) lengthBias);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }
    }

    /** The identity fields only, for scanning the journal. */
    public record Identity(String origin, long seq) {}

    public static Event decode(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        Instant ts = r.instant();
        Instant received = r.instant();
        long seq = unzigzag(r.varLong());
        String origin = r.optString();
        int facSev = r.octet();
        String host = r.string();
        String app = r.optString();
        String procid = r.optString();
        String msgid = r.optString();
        String source = r.optString();
        String msg = r.string();
        String fields = r.version == VERSION_FIELDS_ARE_MESSAGE ? msg : r.optString();
        int elements = r.count();
        Map<String, Map<String, String>> sd = Map.of();
        if (elements > 0) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>();
            for (int i = 0; i < elements; i++) {
                String id = r.string();
                int params = r.count();
                Map<String, String> values = new LinkedHashMap<>();
                for (int j = 0; j < params; j++) {
                    values.put(r.string(), r.string());
                }
                all.put(id, Collections.unmodifiableMap(values));
            }
            sd = Collections.unmodifiableMap(all);
        }
        r.expectEnd();
        return new Event(ts, received, host, app, procid, msgid, Facility.ofCode(facSev >>> 3),
                Severity.ofCode(facSev & 7), msg, sd, fields, origin, seq, source);
    }

    public static Event decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static Identity identity(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        r.instant();
        r.instant();
        long seq = unzigzag(r.varLong());
        return new Identity(r.optString(), seq);
    }

    /** Just the receive time, which follows the event time. */
    public static Instant received(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        r.instant();
        return r.instant();
    }

    /** Just the message, for verifying a candidate without building the whole event. */
    public static String message(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        r.instant();
        r.instant();
        r.varLong();
        r.skipOptString();
        r.octet();
        r.skipString();
        for (int i = 0; i < 4; i++) {
            r.skipOptString();
        }
        return r.string();
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;
        final int version;

        Reader(byte[] b, int off, int len) {
            this.b = b;
            this.pos = off;
            this.end = off + len;
            version = octet();
            if (version != VERSION && version != VERSION_FIELDS_ARE_MESSAGE) {
                throw new IllegalArgumentException("event record version " + version + " is not " + VERSION + " or "
                        + VERSION_FIELDS_ARE_MESSAGE + " (written by a newer logq? or a corrupt journal)");
            }
        }

        int octet() {
            if (pos >= end) {
                throw truncated();
            }
            return b[pos++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = octet();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("event record has a varint longer than 10 bytes at " + pos);
        }

        int count() {
            long v = varLong();
            if (v < 0 || v > end - pos + 1L) {
                throw new IllegalArgumentException("event record length " + v + " at " + pos + " exceeds the record");
            }
            return (int) v;
        }

        Instant instant() {
            long seconds = unzigzag(varLong());
            long nanos = varLong();
            return Instant.ofEpochSecond(seconds, nanos);
        }

        String string() {
            int n = count();
            return text(n);
        }

        String optString() {
            int n = count();
            return n == 0 ? null : text(n - 1);
        }

        void skipString() {
            skip(count());
        }

        void skipOptString() {
            int n = count();
            skip(n == 0 ? 0 : n - 1);
        }

        private void skip(int n) {
            if (n > end - pos) {
                throw truncated();
            }
            pos += n;
        }

        private String text(int n) {
            if (n > end - pos) {
                throw truncated();
            }
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void expectEnd() {
            if (pos != end) {
                throw new IllegalArgumentException("event record has " + (end - pos) + " bytes after its end");
            }
        }

        private IllegalArgumentException truncated() {
            return new IllegalArgumentException("event record truncated at byte " + pos);
        }
    }
}
