package dev.logq.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How one event is printed ({@code -o}).
 *
 * <pre>
 * short = TIMESTAMP SP HOST SP APP ["[" PID "]"] ":" SP MSG   ; APP is "-" when absent
 * json  = the node's JSON object, byte for byte
 * raw   = MSG
 * TIMESTAMP = RFC 3339 with milliseconds in the local zone (UTC with --utc), 2026-11-24T10:11:32.123+01:00
 * </pre>
 *
 * {@code short} is for reading in a terminal, so control characters in it are escaped the way
 * rsyslog escapes them on receipt ({@code #012} for a line feed): an event is one line, and a log
 * line cannot drive the terminal. {@code raw} and {@code json} are for programs and stay exact.
 */
enum OutputFormat {
    SHORT, JSON, RAW;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    /** @throws IllegalArgumentException listing the formats */
    static OutputFormat parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "short" -> SHORT;
            case "json" -> JSON;
            case "raw" -> RAW;
            default -> throw new IllegalArgumentException("unknown output format '" + text + "' (use short, json or raw)");
        };
    }

    /** The event's line, without a line end; {@code zone} is used by {@code short} only. */
    String format(EventLine e, ZoneId zone) {
        return switch (this) {
            case JSON -> e.json();
            case RAW -> e.msg();
            case SHORT -> {
                StringBuilder line = new StringBuilder(64 + e.msg().length());
                TIMESTAMP.formatTo(e.ts().atZone(zone), line);
                line.append(' ');
                escaped(line, e.host() == null ? "-" : e.host());
                line.append(' ');
                escaped(line, e.app() == null ? "-" : e.app());
                if (e.procid() != null) {
                    line.append('[');
                    escaped(line, e.procid());
                    line.append(']');
                }
                line.append(": ");
                escaped(line, e.msg());
                yield line.toString();
            }
        };
    }

    private static void escaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                out.append('#').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7))).append((char) ('0' + (c & 7)));
            } else {
                out.append(c);
            }
        }
    }
}
