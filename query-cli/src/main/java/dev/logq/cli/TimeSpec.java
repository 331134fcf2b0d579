package dev.logq.cli;

import dev.logq.store.model.Units;
import java.time.Clock;
import java.time.DateTimeException;
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
 * time     = duration / rfc3339 / local-time / date / clock / "now" / "today" / "yesterday" / "tomorrow"
 * duration = that long ago: 30s, 15m, 2h, 7d, 1w, 1h30m (see {@link Units}, the syntax logqd's flags use)
 * rfc3339  = date ("T" / " ") hh:mm[:ss[.frac]] ("Z" / ("+" / "-") hh:mm)
 * local-time = date ("T" / " ") hh:mm[:ss[.frac]]   ; in the clock's zone
 * date     = yyyy-mm-dd                 ; local midnight
 * clock    = hh:mm[:ss[.frac]]          ; today at that local time, as journalctl reads "10:30"
 * </pre>
 *
 * Days are calendar-free: {@code 7d} is 7 × 24 h before now, as in journalctl. {@code today} is
 * the local midnight that started the current day.
 */
final class TimeSpec {

    private static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d.*)");
    private static final Pattern CLOCK = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

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
        if (Units.isDuration(s)) {
            try {
                return now.minus(Units.duration(s));
            } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' reaches too far back");
            }
        }
        Matcher spaced = DATE_SPACE_TIME.matcher(s);
        String iso = spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : s;
        if (CLOCK.matcher(s).matches()) {
            iso = LocalDate.ofInstant(now, zone) + "T" + (s.indexOf(':') == 1 ? "0" + s : s);
        }
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
                    + "2026-11-24T09:00:00Z, 2026-11-24 09:00, 2026-11-24, 10:30, today, yesterday or now)");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid time: " + e.getMessage());
        }
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
