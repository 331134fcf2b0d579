package dev.logq.collector.internal.message;

import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * RFC 5424 after the PRI and VERSION, as rsyslog, util-linux logger and loggen send it:
 *
 * <pre>
 * HEADER = PRI "1" SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
 * SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
 * MSG    = [BOM] text                                ; BOM = %xEF.BB.BF, dropped (loggen -P sends it)
 * </pre>
 *
 * <p>Lenient where real senders differ from the RFC, and the choices are made here only:
 * <ul>
 *   <li>runs of SP between header fields count as one;</li>
 *   <li>after STRUCTURED-DATA and its SP, one more SP is dropped: rsyslog re-emitting RFC 3164 input
 *       writes {@code "- -  text"}, because its msg property keeps the space that followed the tag,
 *       and the same text must read the same whether it came directly or through a relay;</li>
 *   <li>a STRUCTURED-DATA field that is neither {@code -} nor valid elements is taken as the start of
 *       MSG (senders that skip SD), and a message cut short simply lacks the later fields;</li>
 *   <li>valid elements where MSGID belongs are the structured data of a sender that left MSGID out
 *       (Infinera's {@code ... SECURITY 401 [meta sequenceId="735"] text});</li>
 *   <li>a TIMESTAMP that is not RFC 3339 is ignored (the event takes its receive time); one
 *       without offset is read in the RFC 3164 zone.</li>
 * </ul>
 */
final class Rfc5424 {

    private final ZoneId zoneIfNoOffset;

    Rfc5424(ZoneId zoneIfNoOffset) {
        this.zoneIfNoOffset = zoneIfNoOffset;
    }

    /** Parses from just after VERSION. */
    Event parse(Cursor c, int pri, Instant received, Peer peer) {
        c.skipSpaces();
        int tsEnd = c.tokenEnd();
        Instant ts = null;
        if (tsEnd > c.pos && !(tsEnd - c.pos == 1 && c.bytes[c.pos] == '-')) {
            ts = Timestamps.rfc3339(c, tsEnd, zoneIfNoOffset);
        }
        c.pos = tsEnd;
        String host = c.headerField();
        String app = c.headerField();
        String procid = c.headerField();
        c.skipSpaces();
        Map<String, Map<String, String>> sd = c.peek() == '[' ? structuredData(c) : null;
        String msgid = null;
        if (sd == null) {  // else the sender left MSGID out and went on with the structured data
            msgid = c.headerField();
            c.skipSpaces();
            int next = c.at(c.pos + 1);
            if (c.peek() == '-' && (next == Cursor.SP || next == Cursor.END)) {
                c.pos++;
                skipSeparator(c);
            } else if (c.peek() == '[') {
                sd = structuredData(c);
            }
        }
        c.skipBom();
        String msg = c.rest();
        return new Event(ts != null ? ts : received, received, host != null ? host : peer.host(), app, procid, msgid,
                Facility.ofCode(pri >> 3), Severity.ofCode(pri & 7), msg, sd, null, null, Event.NO_SEQ, peer.source());
    }

    /** The elements at the cursor (at "[") and the separator after them, or null with the cursor unmoved. */
    private static Map<String, Map<String, String>> structuredData(Cursor c) {
        int mark = c.pos;
        Map<String, Map<String, String>> elements = StructuredData.parse(c);
        if (elements == null) {
            c.pos = mark;
            return null;
        }
        skipSeparator(c);
        return elements;
    }

    /** The SP before MSG, and rsyslog's extra one (see the class comment). */
    private static void skipSeparator(Cursor c) {
        if (c.skip(Cursor.SP)) {
            c.skip(Cursor.SP);
        }
    }
}
