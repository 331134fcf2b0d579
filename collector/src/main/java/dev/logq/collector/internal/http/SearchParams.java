package dev.logq.collector.internal.http;

import dev.logq.store.MatchMarks;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severities;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query string of {@code GET /api/v1/search}, read into a {@link Query}.
 *
 * <pre>
 * q=PATTERN            grep pattern (absent: everything); several, separated by newlines (%0A), as grep -e a -e b
 * mode=basic|extended|fixed
 * i=true v=true w=true x=true   grep's -i, -v, -w, -x
 * since=TIME until=TIME RFC 3339 instants; since inclusive, until exclusive
 * host=H (repeatable)  app=A (repeatable)
 * field=NAME OP VALUE  (repeatable, all must hold) a structured field's condition, {@link FieldFilter}: =, !=, >, >=, <, <=
 * severity=NAME        this severity and worse; FROM..TO the severities between the two (journalctl -p)
 * limit=N              0: no limit
 * order=newest|oldest
 * count=true           answer {"count":N,"origins":{...}} instead of events
 * by=host|app|severity|DURATION|field:NAME|fields
 *                      with count: also {"by":{ORIGIN:{KEY:N,...}}}, per group ({@link CountBy#wire}); by
 *                      field:NAME each value of the field, by fields each field name, with a few of each
 *                      name's values in "examples":{NAME:[TEXT,...]}. An event may count in several groups
 *                      of those two or in none, and "count" and "origins" then add up the groups
 * offset=SECONDS       with a DURATION by: the asker's distance from UTC, where buckets start (default 0)
 * before=N after=N     grep's -B and -A in each host+app stream, oldest first, groups separated by a
 *                      "--" line in text formats (not with count, limit or order=newest)
 * all_copies=true      every stored copy of an event a client sent to several nodes, not one per sending
 * format=json|raw|short  how each event is written ({@link ResultFormat}); tz=ZONE for short
 * marks=true           with JSON: where the pattern matched in each message, "marks":[START,END,...]
 * </pre>
 *
 * {@code GET /api/v1/stats} takes the same filters, {@code stat=NAME} (repeatable) and {@code by=DURATION}
 * (with {@code offset}), and answers {@code {"rows":[ROW,...]}}, a row per field, host, bucket and origin:
 * {@code {"field":..,"origin":..,"host":..,"bucket":EPOCH,"count":N,"sum":..,"min":..,"max":..,"last":..,
 * "last_at":EPOCH,"p95":..}} ({@link dev.logq.store.model.StatsRow}).
 *
 * Unknown parameters are refused, so a misspelt filter is not silently ignored.
 */
record SearchParams(Query query, boolean count, CountBy by, ResultFormat format, int before, int after, List<String> stats) {

    /** The most context lines asked for on either side of a match. */
    static final int MAX_CONTEXT = 1000;

    private static final Set<String> KNOWN = Set.of("q", "mode", "i", "v", "w", "x", "since", "until", "host", "app", "severity",
            "limit", "order", "count", "by", "offset", "all_copies", "format", "tz", "before", "after", "field", "marks", "stat");

    /** The parameters of {@code /api/v1/search}. */
    static SearchParams parse(Map<String, List<String>> params) {
        return parse(params, false);
    }

    /**
     * The parameters of {@code /api/v1/search}, or with {@code stats} of {@code /api/v1/stats}: the same
     * filters, {@code stat=NAME} (repeatable, at least one) and {@code by=DURATION}, the buckets.
     *
     * @throws IllegalArgumentException naming the parameter and what it accepts
     */
    static SearchParams parse(Map<String, List<String>> params, boolean statsEndpoint) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
        Query query = new Query(
                single(params, "q"),
                mode(single(params, "mode")),
                flag(params, "i"),
                flag(params, "v"),
                flag(params, "w"),
                flag(params, "x"),
                instant(params, "since"),
                instant(params, "until"),
                Set.copyOf(params.getOrDefault("host", List.of())),
                Set.copyOf(params.getOrDefault("app", List.of())),
                severity(single(params, "severity")),
                limit(single(params, "limit")),
                order(single(params, "order")),
                flag(params, "all_copies"),
                fields(params.getOrDefault("field", List.of())));
        boolean count = flag(params, "count");
        List<String> stats = List.copyOf(params.getOrDefault("stat", List.of()));
        if (statsEndpoint != !stats.isEmpty()) {
            throw new IllegalArgumentException(statsEndpoint ? "name a field: stat=NAME (repeatable), with by=DURATION for the buckets"
                    : "parameter 'stat' belongs to /api/v1/stats");
        }
        if (statsEndpoint && (count || params.containsKey("before") || params.containsKey("after") || params.containsKey("format"))) {
            throw new IllegalArgumentException("/api/v1/stats takes the filters, stat and by (and offset)");
        }
        int before = context(params, "before");
        int after = context(params, "after");
        if ((before > 0 || after > 0) && (count || query.limit() > 0 || "newest".equals(single(params, "order")))) {
            throw new IllegalArgumentException("parameters 'before' and 'after' do not go with count, limit or order=newest");
        }
        ResultFormat format = ResultFormat.parse(single(params, "format"), single(params, "tz"));
        if (flag(params, "marks")) {
            format = format.withMarks(MatchMarks.of(query));
        }
        CountBy by = countBy(count || statsEndpoint, single(params, "by"), single(params, "offset"));
        if (statsEndpoint && (by == null || by.kind() != CountBy.Kind.TIME)) {
            throw new IllegalArgumentException("parameter 'by' must be the buckets' length for statistics, such as by=60s");
        }
        return new SearchParams(query, count, by, format, before, after, stats);
    }

    private static int context(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_CONTEXT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("parameter '" + name + "=" + value + "' must be a number of events, 0.." + MAX_CONTEXT);
    }

    boolean hasContext() {
        return before > 0 || after > 0;
    }

    private static CountBy countBy(boolean count, String by, String offset) {
        if (by == null) {
            if (offset != null) {
                throw new IllegalArgumentException("parameter 'offset' applies to a count by time bucket only (by=1h)");
            }
            return null;
        }
        if (!count) {
            throw new IllegalArgumentException("parameter 'by' applies to counts only (count=true)");
        }
        long seconds = 0;
        if (offset != null) {
            try {
                seconds = Long.parseLong(offset);
            } catch (NumberFormatException e) {
                seconds = Long.MAX_VALUE;
            }
            if (Math.abs(seconds) > 18 * 3600) {
                throw new IllegalArgumentException("parameter 'offset=" + offset + "' must be seconds from UTC, -64800..64800");
            }
        }
        CountBy parsed;
        try {
            parsed = CountBy.fromWire(by, seconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter 'by': " + e.getMessage());
        }
        if (offset != null && parsed.kind() != CountBy.Kind.TIME) {
            throw new IllegalArgumentException("parameter 'offset' applies to a count by time bucket only (by=1h)");
        }
        return parsed;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' given " + values.size() + " times; it takes one value");
        }
        return values.getFirst();
    }

    private static boolean flag(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("parameter '" + name + "=" + value + "' must be true or false");
        };
    }

    private static PatternMode mode(String value) {
        if (value == null) {
            return PatternMode.BASIC;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "basic", "g" -> PatternMode.BASIC;
            case "extended", "e" -> PatternMode.EXTENDED;
            case "fixed", "f" -> PatternMode.FIXED;
            default -> throw new IllegalArgumentException("parameter 'mode=" + value + "' must be basic, extended or fixed");
        };
    }

    private static Order order(String value) {
        if (value == null) {
            return Order.NEWEST_FIRST;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "newest" -> Order.NEWEST_FIRST;
            case "oldest" -> Order.OLDEST_FIRST;
            default -> throw new IllegalArgumentException("parameter 'order=" + value + "' must be newest or oldest");
        };
    }

    private static Instant instant(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter '" + name + "=" + value + "' is not an RFC 3339 time such as 2026-11-24T09:00:00Z");
        }
    }

    private static List<FieldFilter> fields(List<String> values) {
        return values.stream().map(v -> {
            try {
                return FieldFilter.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter 'field': " + e.getMessage());
            }
        }).toList();
    }

    private static Severities severity(String value) {
        return value == null ? null : Severities.parse(value);
    }

    private static long limit(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long limit = Long.parseLong(value);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new IllegalArgumentException("parameter 'limit=" + value + "' must be a whole number, 0 for no limit");
    }
}
