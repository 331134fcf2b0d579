package dev.logq.store.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How durations and sizes are written, in logqd's flags and config file and in logq's options alike: the
 * one syntax both programs read and print.
 *
 * <pre>
 * duration = 1*(1*DIGIT unit)                  ; 250ms, 30s, 15m, 2h, 7d, 1w, 1h30m
 * unit     = "ms" / "s" / "m" / "h" / "d" / "w" ; a day is 24 h, a week 7 d (no calendar)
 * size     = 1*DIGIT [SP] [size-unit]           ; 65536, 64k, 64KiB, 1m, 2g
 * size-unit = ("k" / "m" / "g") ["b" / "ib"]    ; powers of 1024: 1k = 1KiB = 1kb = 1024 bytes
 * </pre>
 *
 * Letters may be upper or lower case; spaces around the text are ignored. Both parsers throw
 * {@link IllegalArgumentException} with the text and examples of what is accepted; a caller that knows
 * the option puts its name in front.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[smhdw]))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|[smhdw])");
    private static final Pattern SIZE = Pattern.compile("(\\d+) ?([kmg]?)(i?b)?");

    private Units() {}

    /** Whether the text is written as a duration (it may still be too long for {@link #duration}). */
    public static boolean isDuration(String text) {
        return DURATION.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** Reads a duration such as {@code 250ms}, {@code 30s} or {@code 1h30m}. */
    public static Duration duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!DURATION.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 250ms, 30s, 15m, 2h, 7d, 1w, 1h30m)");
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

    /** A duration as {@link #duration} reads it back: {@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}, {@code 7d}. */
    public static String text(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 86400) {
            out.append(s / 86400).append('d');
        }
        if (s % 86400 >= 3600) {
            out.append(s % 86400 / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    /** Reads a size in bytes such as {@code 65536}, {@code 64k} or {@code 1MiB}. */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 65536, 64k, 512m, 1g)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        try {
            long value = Long.parseLong(m.group(1));
            if (value > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** A size for people: {@code 512 B}, {@code 3.2 MiB}, {@code 14.0 GiB}. */
    public static String bytesText(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
