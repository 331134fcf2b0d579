package dev.logq.store.model;

import java.time.Duration;
import java.util.Locale;

/**
 * What a count is broken down by: the event's host, app or severity, a time bucket, the values of one
 * structured field ({@link FieldFilter} says what fields are), or the names of the fields. By host, app, severity or time,
 * each event falls into one group, named by a key: the host or app name ("" for an event without an
 * app), the severity's label ({@code "err"}), or for a time bucket the epoch second it starts at. By a
 * field, an event counts once for each distinct value it has of that field (its text), and not at all
 * if it has none; by field names ({@code logq fields}), once for each name it has.
 *
 * <p>Time buckets are {@code bucket} long and aligned to multiples of it since the epoch, shifted by
 * {@code offsetSeconds} (the asker's distance from UTC), so that {@code 1d} buckets start at the asker's
 * midnight and {@code 1h} ones at the hour even in a zone half an hour off UTC. The offset is one
 * number for the whole count: across a daylight-saving change, local buckets are an hour off on one side.
 *
 * <p>On the wire ({@link #wire}): {@code host}, {@code app}, {@code severity}, {@code SECONDS"s"},
 * {@code field:NAME}, {@code fields}.
 *
 * @param bucketSeconds for {@link Kind#TIME}: the bucket's length, at least 1 s; else 0
 * @param field for {@link Kind#FIELD}: the field's name; else null
 */
public record CountBy(Kind kind, long bucketSeconds, long offsetSeconds, String field) {

    public enum Kind { HOST, APP, SEVERITY, TIME, FIELD, FIELDS }

    private static final String FIELD_PREFIX = "field:";

    public CountBy {
        if ((kind == Kind.TIME) != (bucketSeconds > 0)) {
            throw new IllegalArgumentException("a time bucket needs a length of 1 s or more, and only a time bucket has one");
        }
        if ((kind == Kind.FIELD) != (field != null && !field.isEmpty())) {
            throw new IllegalArgumentException("a count by a field needs the field's name, and only that count has one");
        }
    }

    public CountBy(Kind kind, long bucketSeconds, long offsetSeconds) {
        this(kind, bucketSeconds, offsetSeconds, null);
    }

    /** A count by the values of one field. */
    public static CountBy field(String name) {
        return new CountBy(Kind.FIELD, 0, 0, name);
    }

    /** Whether an event may fall into several groups (or none). */
    public boolean multiValued() {
        return kind == Kind.FIELD || kind == Kind.FIELDS;
    }

    /**
     * Reads what a user writes: {@code host}, {@code app}, {@code severity} (or {@code priority}), a
     * duration of whole seconds ({@code 5m}, {@code 1h}, {@code 1d}), or else the name of a field.
     */
    public static CountBy parse(String text, long offsetSeconds) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!s.isEmpty() && !Character.isDigit(s.charAt(0)) && !isKeyword(s)) {
            return fieldNamed(text.strip());
        }
        return parseKeyword(text, s, offsetSeconds);
    }

    /** Reads {@link #wire}'s form. */
    public static CountBy fromWire(String text, long offsetSeconds) {
        if (text.startsWith(FIELD_PREFIX)) {
            return fieldNamed(text.substring(FIELD_PREFIX.length()));
        }
        if (text.equals("fields")) {
            return new CountBy(Kind.FIELDS, 0, 0);
        }
        return parseKeyword(text, text.toLowerCase(Locale.ROOT), offsetSeconds);
    }

    /** The form the search API reads ({@code by=}). */
    public String wire() {
        return switch (kind) {
            case TIME -> bucketSeconds + "s";
            case FIELD -> FIELD_PREFIX + field;
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean isKeyword(String s) {
        return switch (s) {
            case "host", "app", "severity", "priority" -> true;
            default -> false;
        };
    }

    private static CountBy fieldNamed(String name) {
        if (!FieldFilter.isName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a field's name: " + FieldFilter.NAME_RULE);
        }
        return field(name);
    }

    private static CountBy parseKeyword(String text, String s, long offsetSeconds) {
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
            throw new IllegalArgumentException("'" + text + "' is not host, app, severity, a field's name or a time bucket such as 5m, 1h, 1d");
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

    /** The key of an event: see the class comment; for the one-group kinds only. */
    public String keyOf(Event e) {
        return switch (kind) {
            case HOST -> e.host();
            case APP -> e.app() == null ? "" : e.app();
            case SEVERITY -> e.severity().label();
            case TIME -> Long.toString(bucketOf(e.ts().getEpochSecond()));
            case FIELD, FIELDS -> throw new IllegalStateException("an event may have several " + wire() + " keys");
        };
    }
}
