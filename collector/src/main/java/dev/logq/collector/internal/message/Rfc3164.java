package dev.logq.collector.internal.message;

import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The BSD syslog format (RFC 3164) as senders really write it, after the PRI (or without one):
 *
 * <pre>
 * MSG3164   = *SP [PREFIX] TIMESTAMP SP [HOSTNAME SP] [TAG] [":"] [SP] text
 *           / TAG ":" [SP] text                  ; a PRI, then no timestamp: "&lt;27&gt;xapi: [error] ..."
 *           / text                               ; a PRI, then anything else
 * PREFIX    = [*DIGIT ":" SP] [HOSTNAME ":" SP]  ; Cisco's sequence number and origin, before a timestamp only
 * TIMESTAMP = bsd / rfc3339                      ; see {@link Timestamps}; rsyslog's forward templates use rfc3339
 * HOSTNAME  = 1*(ALPHA / DIGIT / "." / "_" / "-" / ":" / UTF8-non-ASCII), ending in a letter or digit
 *                                                ; rsyslog's rule, which takes ASCII only
 * TAG       = name ["[" PID "]"]                  ; name ends at ":", "[", SP or HTAB; at most 64 bytes
 * </pre>
 *
 * <p>HOSTNAME is optional because logger writing to the local socket omits it
 * ({@code <13>Nov 24 09:00:00 tag: msg}). The first word after the timestamp is the host if it is
 * made of host name characters, as rsyslog decides; otherwise ({@code tag:}, {@code sshd[42]:},
 * {@code %ASA-6-302013:}) it is the tag. After the tag, one ":" and one SP are dropped; further spaces
 * belong to the text. A last word with nothing after it is text, neither a host nor a tag
 * ({@code <13>Nov 24 09:00:00 hello}), so it stays visible. After Cisco's prefix the host came before
 * the timestamp, so none follows it, and the tag is only a word ending in ":" ({@code %SYS-5-CONFIG_I:}).
 *
 * <p>Without a timestamp (RFC 3164 section 4.3.3: a PRI followed by anything else) the PRI is kept,
 * a leading {@code name:} or {@code name[pid]:} is the tag as rsyslog reads it, the rest is the text,
 * and the host is the sender's address. That is a message in the RFC's sense, so it is not counted as
 * unparsed. A line without a PRI is parsed only if it starts with a timestamp (what relays and log
 * files carry), with RFC 3164's default priority user.notice; otherwise it is no syslog message.
 */
final class Rfc3164 {

    static final int MAX_TAG = 64;
    /** user.notice: what RFC 3164 section 4.3.3 gives a message without PRI. */
    static final int DEFAULT_PRI = 13;

    private final ZoneId zone;

    Rfc3164(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Parses from just after the PRI, or from the start of a message without one ({@code pri} -1);
     * returns null for a message without PRI that does not start with a timestamp (cursor unchanged).
     */
    Event parse(Cursor c, int pri, Instant received, Peer peer) {
        int start = c.pos;
        c.skipSpaces();
        Stamp stamp = timestamp(c, received);
        Instant ts = stamp == null ? null : stamp.ts();
        if (ts == null && pri < 0) {
            c.pos = start;
            return null;
        }
        String host = stamp == null ? null : stamp.host();
        String app = null;
        String procid = null;
        if (ts == null) {
            c.pos = start;
            int nameEnd = nameEnd(c);
            int tagEnd = tagEnd(c, nameEnd);
            if (nameEnd > c.pos && nameEnd - c.pos <= MAX_TAG && tagEnd >= 0 && c.at(tagEnd) == ':') {
                app = c.text(c.pos, nameEnd);
                c.pos = nameEnd;
                procid = pid(c);
                c.skip(':');
                c.skip(Cursor.SP);
            }
        } else if (c.skip(Cursor.SP)) {
            c.skipSpaces();
            int end = c.tokenEnd();
            if (!stamp.cisco() && end < c.end && isHostname(c, c.pos, end)) {
                host = c.text(c.pos, end);
                c.pos = end;
                c.skipSpaces();
            }
            int nameEnd = nameEnd(c);
            boolean tag = stamp.cisco() ? c.at(tagEnd(c, nameEnd)) == ':' : nameEnd < c.end;  // Cisco's: "%SYS-5-CONFIG_I:"
            if (nameEnd > c.pos && tag && nameEnd - c.pos <= MAX_TAG) {
                app = c.text(c.pos, nameEnd);
                c.pos = nameEnd;
                procid = pid(c);
                c.skip(':');
                if (!c.skip(Cursor.SP)) {
                    c.skip('\t');
                }
            }
        }
        c.skipBom();
        String msg = c.rest();
        int p = pri < 0 ? DEFAULT_PRI : pri;
        return new Event(ts != null ? ts : received, received, host != null ? host : peer.host(), app, procid, null,
                Facility.ofCode(p >> 3), Severity.ofCode(p & 7), msg, null, null, null, Event.NO_SEQ, peer.source());
    }

    /**
     * A timestamp, and the host name Cisco puts before it.
     *
     * @param host the origin host of Cisco's prefix, or null
     * @param cisco whether a Cisco prefix came first: then no host name follows the timestamp, and the
     *              tag is only a word that ends with ":" ({@code %SYS-5-CONFIG_I:})
     */
    private record Stamp(Instant ts, String host, boolean cisco) {}

    /**
     * The timestamp at the cursor, after Cisco's optional sequence number and origin host name
     * ({@code 1179: router1: May 31 15:25:53.743 MEST:}), or null with the cursor where it was.
     */
    private Stamp timestamp(Cursor c, Instant received) {
        int start = c.pos;
        Instant ts = plainTimestamp(c, received);
        if (ts != null) {
            return new Stamp(ts, null, false);
        }
        int i = c.pos;
        while (i < c.end && c.bytes[i] >= '0' && c.bytes[i] <= '9') {
            i++;
        }
        if (c.at(i) == ':' && c.at(i + 1) == Cursor.SP) {  // a sequence number, maybe empty (NX-OS "<187>: 2023 ...")
            c.pos = i + 2;
        }
        String host = null;
        int end = c.tokenEnd();
        if (end - c.pos > 1 && c.bytes[end - 1] == ':' && isHostname(c, c.pos, end - 1)) {  // "router1: May 31 ..."
            host = c.text(c.pos, end - 1);
            c.pos = end + 1;
        }
        ts = c.pos > start ? plainTimestamp(c, received) : null;
        if (ts != null) {
            return new Stamp(ts, host, true);
        }
        c.pos = start;
        return null;
    }

    private Instant plainTimestamp(Cursor c, Instant received) {
        Instant ts = Timestamps.bsd(c, zone, received);
        if (ts == null) {
            int end = c.tokenEnd();
            ts = Timestamps.rfc3339(c, end, zone);
            if (ts != null) {
                c.pos = end;
            }
        }
        return ts;
    }

    /** rsyslog's host name rule: letters, digits, ".", "_", "-" and ":" (IPv6), ending in a letter or digit. */
    static boolean isHostname(Cursor c, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte b = c.bytes[i];
            boolean alnum = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b < 0;  // b < 0: UTF-8
            if (!alnum && b != '.' && b != '_' && b != '-' && b != ':') {
                return false;
            }
        }
        byte last = c.bytes[to - 1];
        return last >= 'a' && last <= 'z' || last >= 'A' && last <= 'Z' || last >= '0' && last <= '9' || last < 0;
    }

    private static int nameEnd(Cursor c) {
        int i = c.pos;
        while (i < c.end && c.bytes[i] != ':' && c.bytes[i] != '[' && c.bytes[i] != Cursor.SP && c.bytes[i] != '\t') {
            i++;
        }
        return i;
    }

    /** Where a tag whose name ends at {@code nameEnd} ends: after its "[pid]" if it has one; -1 if the "[" is not closed. */
    private static int tagEnd(Cursor c, int nameEnd) {
        if (c.at(nameEnd) != '[') {
            return nameEnd;
        }
        for (int i = nameEnd + 1; i < c.end && c.bytes[i] != Cursor.SP; i++) {
            if (c.bytes[i] == ']') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Reads {@code "[" PID "]"} at the cursor; a "[" without "]" before the next SP is left as text. */
    private static String pid(Cursor c) {
        int end = c.peek() == '[' ? tagEnd(c, c.pos) : -1;
        if (end < 0) {
            return null;
        }
        String pid = end - 1 > c.pos + 1 ? c.text(c.pos + 1, end - 1) : null;
        c.pos = end;
        return pid;
    }
}
