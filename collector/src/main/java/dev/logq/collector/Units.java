package dev.logq.collector;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ({@code 64k}, {@code 64KiB}, {@code 1m}) and durations ({@code 250ms}, {@code 30s}, {@code 7d}) in flags and config. */
final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private Units() {}

    static long parseBytes(String option, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a size (e.g. 65536, 64k, 1m)");
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            case "g" -> value << 30;
            default -> value;
        };
    }

    /** A size for people: 512 B, 3.2 MiB, 14.0 GiB. */
    static String formatBytes(long bytes) {
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
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static Duration parseDuration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration (e.g. 250ms, 30s, 15m, 12h, 7d, 4w)");
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(value);
            case "s" -> Duration.ofSeconds(value);
            case "m" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            case "d" -> Duration.ofDays(value);
            default -> Duration.ofDays(7 * value);
        };
    }
}
