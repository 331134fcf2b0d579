package dev.logq.collector.internal.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The two timestamp forms syslog senders write, parsed from bytes without regular expressions or
 * exceptions (an invalid timestamp yields null, and the event then takes its receive time).
 *
 * <pre>
 * rfc3339   = date-fullyear "-" date-month "-" date-mday ("T" / "t") hh ":" mm ":" ss ["." 1*DIGIT] [offset]
 * offset    = "Z" / "z" / ("+" / "-") hh [":"] mm        ; absent (loggen's RFC 3164 form): read in the RFC 3164 zone
 * bsd       = ["*" / "."] [year SP] month SP day [SP year] SP hh ":" mm ":" ss ["." 1*DIGIT] [SP year] [SP zone] [":"]
 * month     = "Jan" / "Feb" / ... / "Dec"                 ; any letter case
 * day       = SP DIGIT / DIGIT / 2DIGIT                   ; "Nov  4" (RFC 3164), "Nov 4" (some devices), "Nov 04"
 * year      = 4DIGIT                                      ; before (Cisco NX-OS), after the day (Cisco ASA, "Mar  7 2008
 *                                                         ; 19:06:53") or after the time ("Mar 7 19:06:53 2008")
 * zone      = a name of {@link #ZONES}, only before ":"    ; Cisco IOS "show-timezone": "18:48:50.483 UTC:"
 * </pre>
 *
 * <p>The extensions are what devices write (RFC 3164 section 5.1 only asks for the plain form): Cisco's
 * {@code *} (clock not set authoritatively) and {@code .} (clock lost its sync) before the month, a year,
 * a zone name, and the colon Cisco and others put after the time. Zone names are a few common North
 * American, European and Asia-Pacific ones (UTC, EST, EDT, CET, CEST, MEST, AEST...), each read as its
 * offset; another word there is not part of the timestamp.
 *
 * <p>Fractions keep up to nine digits (nanoseconds); more are ignored. A leap second (:60) becomes :59.
 * A BSD timestamp has no year: it gets the latest of next, this and last year (in the RFC 3164 zone)
 * that does not put it more than a day in the future. So a December message read just after New Year
 * is last year's, and one from a sender whose clock is a little ahead across New Year is next year's.
 */
public final class Timestamps {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private Timestamps() {
    }

    /** Parses all of {@code s} as RFC 3339, as JSON carries it; returns null if it is not one. */
    public static Instant rfc3339(String s, ZoneId zoneIfNoOffset) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);  // a non-Latin-1 character becomes '?', which no timestamp has
        return rfc3339(new Cursor(b, 0, b.length, true, b.length), b.length, zoneIfNoOffset);
    }

    /** Parses exactly {@code c.bytes[c.pos, to)} as RFC 3339; returns null if it is not one. Does not move the cursor. */
    static Instant rfc3339(Cursor c, int to, ZoneId zoneIfNoOffset) {
        byte[] b = c.bytes;
        int p = c.pos;
        if (to - p < 19 || b[p + 4] != '-' || b[p + 7] != '-' || (b[p + 10] | 0x20) != 't'
                || b[p + 13] != ':' || b[p + 16] != ':') {
            return null;
        }
        int century = two(b, p);
        int yy = two(b, p + 2);
        int year = century < 0 || yy < 0 ? -1 : century * 100 + yy;
        int month = two(b, p + 5);
        int day = two(b, p + 8);
        int hour = two(b, p + 11);
        int minute = two(b, p + 14);
        int second = two(b, p + 17);
        p += 19;
        int nanos = 0;
        if (p < to && b[p] == '.') {
            p++;
            int digits = 0;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                if (digits < 9) {
                    nanos = nanos * 10 + (b[p] - '0');
                    digits++;
                }
                p++;
            }
            if (digits == 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (!valid(year, month, day, hour, minute, second)) {
            return null;
        }
        second = Math.min(second, 59);
        if (p == to) {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zoneIfNoOffset).toInstant();
        }
        int offset;
        if ((b[p] | 0x20) == 'z' && p + 1 == to) {
            offset = 0;
        } else if ((b[p] == '+' || b[p] == '-') && (to - p == 6 && b[p + 3] == ':' || to - p == 5)) {
            int oh = two(b, p + 1);
            int om = two(b, to - 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offset = (oh * 3600 + om * 60) * (b[p] == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600 + minute * 60 + second - offset;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * Parses a BSD timestamp at the cursor and moves past it, or returns null (cursor unchanged). It
     * must end at SP or at the end of the message.
     */
    static Instant bsd(Cursor c, ZoneId zone, Instant now) {
        byte[] b = c.bytes;
        int p = c.pos;
        if (p < c.end && (b[p] == '*' || b[p] == '.')) {
            p++;
        }
        int year = -1;
        if (c.end - p >= 5 && year(b, p) >= 0 && b[p + 4] == ' ') {
            year = year(b, p);
            p += 5;
        }
        if (c.end - p < 14) {
            return null;
        }
        int month = month(b, p);
        if (month == 0 || b[p + 3] != ' ') {
            return null;
        }
        p += 4;
        int day;
        if (b[p] == ' ') {
            day = digit(b[p + 1]);
            p += 2;
        } else if (digit(b[p]) >= 0 && digit(b[p + 1]) >= 0) {
            day = two(b, p);
            p += 2;
        } else {
            day = digit(b[p]);
            p += 1;
        }
        if (year < 0 && c.end - p >= 14 && b[p] == ' ' && year(b, p + 1) >= 0 && b[p + 5] == ' ') {
            year = year(b, p + 1);  // "Mar  7 2008 19:06:53"
            p += 5;
        }
        if (day < 0 || c.end - p < 9 || b[p] != ' ' || b[p + 3] != ':' || b[p + 6] != ':') {
            return null;
        }
        int hour = two(b, p + 1);
        int minute = two(b, p + 4);
        int second = two(b, p + 7);
        p += 9;
        int nanos = 0;
        if (p + 1 < c.end && b[p] == '.' && digit(b[p + 1]) >= 0) {
            p++;
            int digits = 0;
            for (; p < c.end && digit(b[p]) >= 0; p++) {
                if (digits < 9) {
                    nanos = nanos * 10 + digit(b[p]);
                    digits++;
                }
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 && c.end - p >= 5 && b[p] == ' ' && year(b, p + 1) >= 0 && (c.end - p == 5 || b[p + 5] == ' ')) {
            year = year(b, p + 1);  // "Mar 7 19:06:53 2008"
            p += 5;
        }
        ZoneId in = zone;
        int zoneEnd = zoneEnd(b, p, c.end);
        if (zoneEnd > 0) {
            in = ZONES.get(new String(b, p + 1, zoneEnd - p - 1, StandardCharsets.US_ASCII));
            p = zoneEnd;
        }
        if (p < c.end && b[p] == ':' && (p + 1 == c.end || b[p + 1] == ' ')) {
            p++;  // "19:06:53:" and "UTC:"
        }
        if ((p < c.end && b[p] != ' ') || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return null;
        }
        Instant ts;
        if (year >= 0) {
            ts = valid(year, month, day, hour, minute, second)
                    ? LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos).atZone(in).toInstant() : null;
        } else {
            ts = inferYear(month, day, hour, minute, Math.min(second, 59), nanos, in, now);
        }
        if (ts != null) {
            c.pos = p;
        }
        return ts;
    }

    /**
     * The end of {@code SP zone} at {@code p} when the zone is one of {@link #ZONES} and a ":" follows
     * it, else -1: an unknown word there is a tag ({@code CRON:}), not a zone.
     */
    private static int zoneEnd(byte[] b, int p, int end) {
        if (p >= end || b[p] != ' ') {
            return -1;
        }
        int i = p + 1;
        while (i < end && i - p <= 5 && b[i] >= 'A' && b[i] <= 'Z') {
            i++;
        }
        return i > p + 1 && i < end && b[i] == ':' && ZONES.containsKey(new String(b, p + 1, i - p - 1, StandardCharsets.US_ASCII))
                ? i : -1;
    }

    /** The zone names devices write that are read, with their offsets. */
    private static final Map<String, ZoneId> ZONES = Map.ofEntries(
            Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC),
            Map.entry("UT", ZoneOffset.UTC), Map.entry("Z", ZoneOffset.UTC),
            Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
            Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
            Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
            Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
            Map.entry("WET", ZoneOffset.UTC), Map.entry("WEST", ZoneOffset.ofHours(1)),
            Map.entry("BST", ZoneOffset.ofHours(1)), Map.entry("CET", ZoneOffset.ofHours(1)),
            Map.entry("MET", ZoneOffset.ofHours(1)), Map.entry("CEST", ZoneOffset.ofHours(2)),
            Map.entry("MEST", ZoneOffset.ofHours(2)), Map.entry("EET", ZoneOffset.ofHours(2)),
            Map.entry("EEST", ZoneOffset.ofHours(3)), Map.entry("JST", ZoneOffset.ofHours(9)),
            Map.entry("AEST", ZoneOffset.ofHours(10)), Map.entry("AEDT", ZoneOffset.ofHours(11)));

    /** Four digits from 1970 to 2099 as a year, else -1. */
    private static int year(byte[] b, int p) {
        int hi = two(b, p);
        int lo = two(b, p + 2);
        int y = hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
        return y >= 1970 && y <= 2099 ? y : -1;
    }

    private static Instant inferYear(int month, int day, int hour, int minute, int second, int nanos, ZoneId zone, Instant now) {
        int year = LocalDate.ofInstant(now, zone).getYear();
        Instant latest = now.plus(FUTURE_TOLERANCE);
        for (int y = year + 1; y >= year - 1; y--) {
            if (valid(y, month, day, hour, minute, second)) {
                Instant ts = LocalDateTime.of(y, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
                if (!ts.isAfter(latest)) {
                    return ts;
                }
            }
        }
        return null;
    }

    private static boolean valid(int year, int month, int day, int hour, int minute, int second) {
        return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).length(Year.isLeap(year))
                && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
    }

    /** 1..12 for a month abbreviation in any case, else 0. */
    private static int month(byte[] b, int p) {
        int c0 = b[p] | 0x20;
        int c1 = b[p + 1] | 0x20;
        int c2 = b[p + 2] | 0x20;
        for (int i = 0; i < MONTHS.length(); i += 3) {
            if (MONTHS.charAt(i) == c0 && MONTHS.charAt(i + 1) == c1 && MONTHS.charAt(i + 2) == c2) {
                return i / 3 + 1;
            }
        }
        return 0;
    }

    private static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : -1;
    }

    /** Two ASCII digits as 0..99, or a negative number if either is not a digit. */
    private static int two(byte[] b, int p) {
        int hi = digit(b[p]);
        int lo = digit(b[p + 1]);
        return hi < 0 || lo < 0 ? -1 : hi * 10 + lo;
    }
}
