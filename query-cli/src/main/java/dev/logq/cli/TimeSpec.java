package dev.logq.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code --since}/{@code --until} texts into instants, against an injected clock so every
 * node is asked about the same window and tests never sleep.
 *
 * <pre>
 * time     = duration / rfc3339 / local-time / date / "now" / "today" / "yesterday" / "tomorrow"
 * duration = 1*(1*DIGIT unit)          ; that long ago: 30s, 15m, 2h, 7d, 1w, 1h30m
 * unit     = "s" / "m" / "h" / "d" / "w"
 * rfc3339  = date ("T" / " ") hh:mm[:ss[.frac]] ("Z" / ("+" / "-") hh:mm)
 * local-time = date ("T" / " ") hh:mm[:ss[.frac]]   ; in the clock's zone
 * date     = yyyy-mm-dd                 ; local midnight
 * </pre>
 *
 * Days are calendar-free: {@code 7d} is 7 × 24 h before now, as in journalctl. {@code today} is
 * the local midnight that started the current day.
 */
final class TimeSpec {

    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[smhdw]))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|[smhdw])");
    private static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d.*)");

    private final Clock clock;

    TimeSpec(Clock clock) {
        this.clock = clock;
    }

    /** @throws IllegalArgumentException saying what forms are accepted */
    Instant parse(String text) {
        String s = text.trim();
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "now" -> {
                return now;
            }
            case "today" -> {
                return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
            }
            case "yesterday" -> {
                return LocalDate.ofInstant(now, zone).minusDays(1).atStartOfDay(zone).toInstant();
            }
            case "tomorrow" -> {
                return LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
            }
            default -> {
                // fall through to the forms below
            }
        }
        if (DURATION.matcher(s).matches()) {
            try {
                return now.minus(duration(s));
            } catch (DateTimeException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' reaches too far back");
            }
        }
        Matcher spaced = DATE_SPACE_TIME.matcher(s);
        String iso = spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : s;
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
            }
            if (hasZone(iso)) {
                return OffsetDateTime.parse(iso.replace('t', 'T').replace('z', 'Z')).toInstant();
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time (use 30s, 15m, 2h, 7d, 1w ago, "
                    + "2026-11-24T09:00:00Z, 2026-11-24 09:00, 2026-11-24, today, yesterday or now)");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid time: " + e.getMessage());
        }
    }

    /**
     * A span such as {@code 2s}, {@code 500ms}, {@code 1h30m}.
     *
     * @throws IllegalArgumentException if the text is not one
     */
    static Duration duration(String text) {
        String s = text.trim();
        if (!DURATION.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 15m, 2h, 7d, 1w)");
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(s);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                    default -> throw new IllegalStateException(part.group(2));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return total;
    }

    /** A duration the way {@link #duration} reads it: {@code 2s}, {@code 500ms}, {@code 1m30s}. */
    static String text(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    /** Whether an ISO date-time text ends in Z or a ±hh:mm offset (the date's own '-' do not count). */
    private static boolean hasZone(String iso) {
        int t = Math.max(iso.indexOf('T'), iso.indexOf('t'));
        if (t < 0) {
            return false;
        }
        String time = iso.substring(t + 1);
        return time.endsWith("Z") || time.endsWith("z") || time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }
}
