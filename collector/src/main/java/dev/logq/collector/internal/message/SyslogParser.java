package dev.logq.collector.internal.message;

import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses one syslog message (a frame without its framing) into an {@link Event}. Thread-safe and
 * stateless: listeners on every event loop share one.
 *
 * <pre>
 * message  = PRI "1" (SP / end) rfc5424-rest        ; see {@link Rfc5424}
 *          / PRI rfc3164-rest                       ; see {@link Rfc3164}, including PRI + free text
 *          / rfc3164-rest starting with a timestamp ; no PRI (a relay's or a file's line): user.notice
 *          / anything else                          ; kept verbatim, flagged unparsed
 * PRI      = "&lt;" 1*3DIGIT "&gt;"                        ; 0..191 = facility * 8 + severity
 * </pre>
 *
 * <p>{@code maxMessageBytes} limits the message text ({@code msg}, in bytes of UTF-8), the same on every
 * path into logqd: a longer text is cut between characters and the event is flagged truncated. The
 * frame as a whole may hold {@link #FRAME_OVERHEAD} bytes more, for the header and structured data;
 * beyond that it is cut too, which the decoders rely on to bound what one connection buffers.
 *
 * <p>A verbatim event has the whole text as msg, the sender's address as host, facility user and
 * severity notice (what RFC 3164 section 4.3.3 says a relay assumes). Bytes that are not UTF-8
 * become U+FFFD. Every event gets {@code received = clock.instant()}, and {@code ts = received} when
 * the message has no usable timestamp. Origin and sequence are left to the journal.
 *
 * <p>Why bytes and not a String: at 100k msg/s the header is read straight from the frame's bytes
 * (one copy when the buffer is direct), only the fields that are kept become Strings, and an
 * all-ASCII message (the usual case) is decoded as Latin-1, which is a plain copy.
 */
public final class SyslogParser {

    private static final Logger log = LoggerFactory.getLogger(SyslogParser.class);
    private static final int MAX_PRI = 191;
    /** Room for the header and structured data of a frame, besides its message text. */
    public static final int FRAME_OVERHEAD = 8 << 10;

    private final InstantSource clock;
    private final Rfc5424 rfc5424;
    private final Rfc3164 rfc3164;

    public SyslogParser(InstantSource clock, ZoneId zoneForRfc3164) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zoneForRfc3164, "zoneForRfc3164");
        this.rfc5424 = new Rfc5424(zoneForRfc3164);
        this.rfc3164 = new Rfc3164(zoneForRfc3164);
    }

    /** The most bytes one frame may bring, header included, for a message text of at most {@code maxMessageBytes}. */
    public static int maxFrameBytes(int maxMessageBytes) {
        return maxMessageBytes + FRAME_OVERHEAD;
    }

    /**
     * Parses the readable bytes of {@code frame} (its indices are left as they are; the caller keeps
     * ownership). A message text longer than {@code maxMessageBytes} is cut, on a UTF-8 character
     * boundary, as is a frame longer than {@link #maxFrameBytes}. Never throws and never returns null.
     *
     * @param sender    the peer, for the host of messages that name none and for {@code source}
     * @param transport {@code "tcp"} or {@code "udp"}, the first word of {@code source}
     */
    public Parsed parse(ByteBuf frame, InetSocketAddress sender, String transport, int maxMessageBytes) {
        return parse(frame, frame.readerIndex(), frame.readableBytes(), Peer.of(transport, sender), maxMessageBytes);
    }

    /** As the public method, on {@code buf[index, index + length)}, with the sender's names already made. */
    public Parsed parse(ByteBuf buf, int index, int length, Peer peer, int maxMessageBytes) {
        Instant received = clock.instant();
        boolean truncated = false;
        if (length > maxFrameBytes(maxMessageBytes)) {
            length = Utf8.boundary(buf, index, index + maxFrameBytes(maxMessageBytes)) - index;
            truncated = true;
        }
        byte[] bytes;
        int from;
        if (buf.hasArray()) {
            bytes = buf.array();
            from = buf.arrayOffset() + index;
        } else {
            bytes = new byte[length];
            buf.getBytes(index, bytes);
            from = 0;
        }
        int utf8 = Utf8.scan(bytes, from, from + length);
        Cursor cursor = new Cursor(bytes, from, from + length, utf8 == Utf8.ASCII, maxMessageBytes);
        Event event;
        boolean unparsed;
        if (length > 1 && bytes[from] == '{' && !truncated) {
            // JSON lines on the syslog port (Vector's socket sink, Fluent Bit's tcp output): no syslog
            // message starts with '{'; a line that is not a JSON event after all is kept verbatim below
            try {
                Parsed json = JsonEvent.parse(bytes, from, length, received, peer, maxMessageBytes);
                return new Parsed(json.event(), false, utf8 == Utf8.INVALID, json.truncated());
            } catch (JsonEvent.Invalid notJson) {
                // fall through
            }
        }
        try {
            event = parse(cursor, received, peer);
            unparsed = event == null;
        } catch (RuntimeException e) {
            // A bug here must cost the structure of one message, never the message itself.
            log.warn("syslog parser failed on a message from {}, storing it verbatim: {}", peer.source(), e.toString());
            event = null;
            unparsed = true;
        }
        if (event == null) {
            event = verbatim(cursor, received, peer);
        } else {
            event = HostStats.recognised(event);
        }
        return new Parsed(event, unparsed, utf8 == Utf8.INVALID, truncated || cursor.cut());
    }

    /**
     * The structured event, or null if the message is no syslog message: no valid PRI, and no timestamp
     * at its start either. Tests call this to see exceptions.
     */
    Event parse(Cursor c, Instant received, Peer peer) {
        int pri = pri(c);
        if (pri < 0) {
            return rfc3164.parse(c, -1, received, peer);  // what relays and files carry: "Feb 18 16:01:59 host tag: ..."
        }
        int next = c.at(c.pos + 1);
        if (c.peek() == '1' && (next == Cursor.SP || next == Cursor.END)) {
            c.pos++;
            return rfc5424.parse(c, pri, received, peer);
        }
        return rfc3164.parse(c, pri, received, peer);
    }

    /** Reads {@code <PRI>}; returns -1 (cursor at start) if it is missing, malformed or above 191. */
    private static int pri(Cursor c) {
        if (!c.skip('<')) {
            return -1;
        }
        int value = 0;
        int digits = 0;
        while (digits < 3 && c.peek() >= '0' && c.peek() <= '9') {
            value = value * 10 + c.peek() - '0';
            c.pos++;
            digits++;
        }
        if (digits == 0 || !c.skip('>') || value > MAX_PRI) {
            c.pos = c.start;
            return -1;
        }
        return value;
    }

    private static Event verbatim(Cursor c, Instant received, Peer peer) {
        c.pos = c.start;
        return new Event(received, received, peer.host(), null, null, null, Facility.USER, Severity.NOTICE,
                c.rest(), null, null, null, Event.NO_SEQ, peer.source());
    }
}
