package dev.logq.store.model;

import java.time.Duration;
import java.util.Locale;

/**
 * What a count is broken down by: the event's host, app or severity, or a time bucket. Each event
 * falls into one group, named by a key: the host or app name ("" for an event without an app), the
 * severity's label ({@code "err"}), or for a time bucket the epoch second it starts at.
 *
 * <p>Time buckets are {@code bucket} long and aligned to multiples of it since the epoch, shifted by
 * {@code offsetSeconds} (the asker's distance from UTC), so that {@code 1d} buckets start at the asker's
 * midnight and {@code 1h} ones at the hour even in a zone half an hour off UTC. The offset is one
 * number for the whole count: across a daylight-saving change, local buckets are an hour off on one side.
 *
 * @param bucketSeconds for {@link Kind#TIME}: the bucket's length, at least 1 s; else 0
 */
public record CountBy(Kind kind, long bucketSeconds, long offsetSeconds) {

    public enum Kind { HOST, APP, SEVERITY, TIME }

    public CountBy {
        if ((kind == Kind.TIME) != (bucketSeconds > 0)) {
            throw new IllegalArgumentException("a time bucket needs a length of 1 s or more, and only a time bucket has one");
        }
    }

    /**
     * Reads {@code host}, {@code app}, {@code severity} (or {@code priority}) or a duration of whole
     * seconds ({@code 5m}, {@code 1h}, {@code 1d}).
     */
    public static CountBy parse(String text, long offsetSeconds) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "host":
                return new CountBy(Kind.HOST, 0, 0);
            case "app":
                return new CountBy(Kind.APP, 0, 0);
            case "severity", "priority":
                return new CountBy(Kind.SEVERITY, 0, 0);
            default:
                break;
        }
        if (!Units.isDuration(s)) {
            throw new IllegalArgumentException("'" + text + "' is not host, app, severity or a time bucket such as 5m, 1h, 1d");
        }
        Duration d = Units.duration(s);
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            throw new IllegalArgumentException("a time bucket is whole seconds, 1s or more ('" + text + "')");
        }
        return new CountBy(Kind.TIME, d.toSeconds(), offsetSeconds);
    }

    /** The key of the bucket holding this epoch second. */
    public long bucketOf(long epochSecond) {
        return Math.floorDiv(epochSecond + offsetSeconds, bucketSeconds) * bucketSeconds - offsetSeconds;
    }

    /** The key of an event: see the class comment. */
    public String keyOf(Event e) {
        return switch (kind) {
            case HOST -> e.host();
            case APP -> e.app() == null ? "" : e.app();
            case SEVERITY -> e.severity().label();
            case TIME -> Long.toString(bucketOf(e.ts().getEpochSecond()));
        };
    }
}
