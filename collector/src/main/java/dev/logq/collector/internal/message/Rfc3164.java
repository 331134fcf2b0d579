package dev.logq.collector.internal.message;

import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The BSD syslog format (RFC 3164) as senders really write it, after the PRI:
 *
 * <pre>
 * MSG3164   = TIMESTAMP SP [HOSTNAME SP] [TAG] [":"] [SP] text
 * TIMESTAMP = bsd / rfc3339                   ; see {@link Timestamps}; rsyslog's forward templates use rfc3339
 * TAG       = name ["[" PID "]"]               ; name ends at ":", "[" or SP; at most 64 bytes
 * </pre>
 *
 * <p>HOSTNAME is optional because logger writing to the local socket omits it
 * ({@code <13>Nov 24 09:00:00 tag: msg}). The first word after the timestamp is a tag, not a host,
 * when it ends with ":" or holds "[" (no hostname has either); otherwise it is the host, as rsyslog
 * decides. After the tag, one ":" and one SP are dropped; further spaces belong to the text. A
 * last word with nothing after it is text, not a tag ({@code <13>Nov 24 09:00:00 hello}), so it stays
 * visible.
 *
 * <p>Without a timestamp (RFC 3164 section 4.3.3: a PRI followed by anything else) the PRI is kept,
 * the rest is the text and the host is the sender's address. That is a message in the RFC's sense,
 * so it is not counted as unparsed.
 */
final class Rfc3164 {

    static final int MAX_TAG = 64;

    private final ZoneId zone;

    Rfc3164(ZoneId zone) {
        this.zone = zone;
    }

    /** Parses from just after the PRI. */
    Event parse(Cursor c, int pri, Instant received, Peer peer) {
        int start = c.pos;
        Instant ts = Timestamps.bsd(c, zone, received);
        if (ts == null) {
            int end = c.tokenEnd();
            ts = Timestamps.rfc3339(c, end, zone);
            if (ts != null) {
                c.pos = end;
            }
        }
        String host = null;
        String app = null;
        String procid = null;
        if (ts == null) {
            c.pos = start;
        } else if (c.skip(Cursor.SP)) {
            c.skipSpaces();
            int end = c.tokenEnd();
            if (end < c.end && !looksLikeTag(c, end)) {
                host = c.text(c.pos, end);
                c.pos = end;
                c.skipSpaces();
            }
            int nameEnd = nameEnd(c);
            if (nameEnd < c.end && nameEnd - c.pos <= MAX_TAG) {
                app = nameEnd > c.pos ? c.text(c.pos, nameEnd) : null;
                c.pos = nameEnd;
                procid = pid(c);
                c.skip(':');
                c.skip(Cursor.SP);
            }
        }
        c.skipBom();
        String msg = c.rest();
        return new Event(ts != null ? ts : received, received, host != null ? host : peer.host(), app, procid, null,
                Facility.ofCode(pri >> 3), Severity.ofCode(pri & 7), msg, null, null, null, Event.NO_SEQ, peer.source());
    }

    private static boolean looksLikeTag(Cursor c, int end) {
        if (c.bytes[end - 1] == ':') {
            return true;
        }
        for (int i = c.pos; i < end; i++) {
            if (c.bytes[i] == '[') {
                return true;
            }
        }
        return false;
    }

    private static int nameEnd(Cursor c) {
        int i = c.pos;
        while (i < c.end && c.bytes[i] != ':' && c.bytes[i] != '[' && c.bytes[i] != Cursor.SP) {
            i++;
        }
        return i;
    }

    /** Reads {@code "[" PID "]"} at the cursor; a "[" without "]" before the next SP is left as text. */
    private static String pid(Cursor c) {
        if (c.peek() != '[') {
            return null;
        }
        for (int i = c.pos + 1; i < c.end && c.bytes[i] != Cursor.SP; i++) {
            if (c.bytes[i] == ']') {
                String pid = i > c.pos + 1 ? c.text(c.pos + 1, i) : null;
                c.pos = i + 1;
                return pid;
            }
        }
        return null;
    }
}
