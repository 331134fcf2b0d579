package dev.logq.store.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code short} output format, one event per line, written by logq and by a node that formats
 * for it ({@code format=short}):
 *
 * <pre>
 * short = TIMESTAMP SP HOST SP APP ["[" PID "]"] ":" SP MSG   ; HOST and APP are "-" when absent
 * TIMESTAMP = RFC 3339 with milliseconds in the given zone, 2026-11-24T10:11:32.123+01:00
 * </pre>
 *
 * The line is for reading in a terminal, so control characters in it are escaped the way rsyslog
 * escapes them on receipt ({@code #012} for a line feed): an event is one line, and a log line cannot
 * drive the terminal.
 *
 * <p>Not thread-safe: it keeps the last second's text, since results come in time order and
 * formatting a date is most of the cost of a line.
 */
public final class ShortLine {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX", Locale.ROOT);

    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedDate;
    private String cachedOffset;

    public ShortLine(ZoneId zone) {
        this.zone = zone;
    }

    /** The line, without a line end. */
    public String format(Instant ts, String host, String app, String procid, String msg) {
        StringBuilder line = head(ts, host, app, procid, 64 + msg.length());
        escaped(line, msg);
        return line.toString();
    }

    /** The line up to its message ({@code "TIMESTAMP HOST APP[PID]: "}), to append the message to. */
    public StringBuilder head(Instant ts, String host, String app, String procid, int capacity) {
        StringBuilder line = new StringBuilder(capacity);
        timestamp(line, ts);
        line.append(' ');
        escaped(line, host == null ? "-" : host);
        line.append(' ');
        escaped(line, app == null ? "-" : app);
        if (procid != null) {
            line.append('[');
            escaped(line, procid);
            line.append(']');
        }
        line.append(": ");
        return line;
    }

    /** The message as the line shows it: control characters escaped. */
    public static String escape(String msg) {
        for (int i = 0; i < msg.length(); i++) {
            if (escapes(msg.charAt(i))) {
                StringBuilder out = new StringBuilder(msg.length() + 8);
                escaped(out, msg);
                return out.toString();
            }
        }
        return msg;
    }

    private static boolean escapes(char c) {
        return c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f;
    }

    public String format(Event e) {
        return format(e.ts(), e.host(), e.app(), e.procid(), e.msg());
    }

    private void timestamp(StringBuilder out, Instant ts) {
        long second = ts.getEpochSecond();
        if (second != cachedSecond) {
            // an offset changes only on a whole second, so one second has one date text and one offset
            ZoneOffset offset = zone.getRules().getOffset(ts);
            var local = ts.atOffset(offset);
            cachedDate = SECOND.format(local);
            cachedOffset = OFFSET.format(local);
            cachedSecond = second;
        }
        int millis = ts.getNano() / 1_000_000;
        out.append(cachedDate).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append(cachedOffset);
    }

    private static void escaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escapes(c)) {
                out.append('#').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7))).append((char) ('0' + (c & 7)));
            } else {
                out.append(c);
            }
        }
    }
}
