package dev.logq.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code logq --count-by} prints counts per group: one row per group, the count right-aligned; for
 * time buckets every bucket from the first to the last (empty ones too, so a gap shows), and on a
 * terminal a bar scaled to the largest count between the two. With {@code -o json}, one JSON object per
 * row instead: {@code {"host":"web1","count":12}}, {@code {"time":"2026-11-24T09:00:00+01:00","count":3}}, and
 * by a field, under its name: {@code {"http.status":"500","count":7}}.
 *
 * <p>Rows: hosts, apps and field values by count, largest first (an event without an app counts under {@code -});
 * severities from emerg to debug; time buckets in time order. {@code reverse} turns them round.
 */
final class CountTable {

    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static final String NO_APP = "-";
    /** More time buckets than this are refused rather than printed. */
    static final long MAX_ROWS = 100_000;

    private final CountBy by;
    private final ZoneId zone;
    private final boolean json;
    private final boolean bars;
    private final int columns;
    private final boolean reverse;

    /**
     * @param bars whether to draw bars (stdout is a terminal)
     * @param columns the terminal's width
     */
    CountTable(CountBy by, ZoneId zone, boolean json, boolean bars, int columns, boolean reverse) {
        this.by = by;
        this.zone = zone;
        this.json = json;
        this.bars = bars;
        this.columns = columns;
        this.reverse = reverse;
    }

    /** @param value the group in JSON: its name, an RFC 3339 time, or null for no app */
    private record Row(String label, String value, long count) {}

    /**
     * The lines to print for these counts per group key ({@link CountBy}).
     *
     * @throws IllegalArgumentException if time buckets would make more than {@link #MAX_ROWS} rows, or if
     *     no matching event has the field counted by, which is most likely a misspelt name
     */
    List<String> lines(Map<String, Long> groups) {
        if (by.kind() == CountBy.Kind.FIELD && groups.isEmpty()) {
            throw new IllegalArgumentException("no matching event has a field '" + by.field() + "' (count by host, app, severity, "
                    + "a time bucket such as 5m, 1h, 1d, or a field: logq fields lists their names)");
        }
        List<Row> rows = rows(groups);
        if (reverse) {
            rows = rows.reversed();
        }
        List<String> lines = new ArrayList<>(rows.size());
        if (json) {
            String name = by.kind() == CountBy.Kind.FIELD ? new String(JsonStringEncoder.getInstance().quoteAsString(by.field()))
                    : by.kind().name().toLowerCase(Locale.ROOT);
            for (Row r : rows) {
                String value = r.value() == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(r.value())) + "\"";
                lines.add("{\"" + name + "\":" + value + ",\"count\":" + r.count() + "}");
            }
            return lines;
        }
        int labelWidth = rows.stream().mapToInt(r -> r.label().codePointCount(0, r.label().length())).max().orElse(0);
        long largest = rows.stream().mapToLong(Row::count).max().orElse(0);
        int countWidth = Long.toString(largest).length();
        int barWidth = Math.max(10, columns - labelWidth - countWidth - 4);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(r.label());
            line.repeat(' ', labelWidth - r.label().codePointCount(0, r.label().length()) + 2);
            if (bars) {
                String bar = bar(r.count(), largest, barWidth);
                line.append(bar).repeat(' ', barWidth - bar.codePointCount(0, bar.length()) + 1);
            }
            String count = Long.toString(r.count());
            line.repeat(' ', countWidth - count.length()).append(count);
            lines.add(line.toString());
        }
        return lines;
    }

    private List<Row> rows(Map<String, Long> groups) {
        List<Row> rows = new ArrayList<>();
        switch (by.kind()) {
            case HOST, APP, FIELD -> {
                groups.forEach((key, n) -> {
                    boolean noApp = key.isEmpty() && by.kind() == CountBy.Kind.APP;
                    rows.add(new Row(noApp ? NO_APP : key, noApp ? null : key, n));
                });
                rows.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(Row::label));
            }
            case SEVERITY -> {
                for (Severity s : Severity.values()) {
                    Long n = groups.get(s.label());
                    if (n != null) {
                        rows.add(new Row(s.label(), s.label(), n));
                    }
                }
            }
            case FIELDS -> throw new IllegalStateException("field names are listed by logq fields (FieldTable)");
            case TIME -> {
                if (groups.isEmpty()) {
                    break;
                }
                long first = groups.keySet().stream().mapToLong(Long::parseLong).min().orElseThrow();
                long last = groups.keySet().stream().mapToLong(Long::parseLong).max().orElseThrow();
                long buckets = (last - first) / by.bucketSeconds() + 1;
                if (buckets > MAX_ROWS) {
                    throw new IllegalArgumentException(buckets + " buckets of " + by.bucketSeconds() + " s between the first match and the last"
                            + " (at most " + MAX_ROWS + "): give a larger bucket or a narrower --since/--until");
                }
                DateTimeFormatter format = timeFormat();
                for (long bucket = first; bucket <= last; bucket += by.bucketSeconds()) {
                    String label = format.format(Instant.ofEpochSecond(bucket));
                    rows.add(new Row(label, label, groups.getOrDefault(Long.toString(bucket), 0L)));
                }
            }
        }
        return rows;
    }

    /** Times as precise as the bucket: a day, a minute or a second; as RFC 3339 in JSON. */
    private DateTimeFormatter timeFormat() {
        if (json) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        }
        long s = by.bucketSeconds();
        String pattern = s % 86400 == 0 ? "yyyy-MM-dd" : s % 60 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
    }

    /** A bar of eighths of a character: {@code width} characters for the largest count, at least one eighth for any. */
    static String bar(long count, long largest, int width) {
        if (count <= 0 || largest <= 0) {
            return "";
        }
        long eighths = Math.max(1, Math.round((double) count * width * 8 / largest));
        return "█".repeat((int) (eighths / 8)) + EIGHTHS[(int) (eighths % 8)];
    }
}
