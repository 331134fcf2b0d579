package dev.logq.cli;

import dev.logq.store.model.CountBy;
import dev.logq.store.model.Severities;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One query as every node is asked it: {@code GET NODE/api/v1/search?...}.
 *
 * <pre>
 * q=PATTERN  mode=basic|extended|fixed  i=true  v=true  w=true  x=true   (patterns joined by LF)
 * since=RFC3339  until=RFC3339  (UTC, so every node reads the same window)
 * host=H (repeated)  app=A (repeated)  severity=NAME|FROM..TO  field=NAME OP VALUE (repeated)
 * limit=N  order=newest|oldest  count=true
 * by=host|app|severity|SECONDS"s"|field:NAME|fields  offset=SECONDS
 *     (with count: per group, time buckets from the asker's offset; {@link CountBy#wire})
 * all_copies=true  (every stored copy of an event a client sent to several nodes)
 * marks=true  (with JSON: where the pattern matched in each message, for colouring)
 * </pre>
 *
 * Following asks {@code GET NODE/api/v1/tail} with the same filters and {@code from=POS} or
 * {@code backlog=N} ({@link #tailUri}).
 *
 * Parameters at their default are left out. Values are percent-encoded as RFC 3986 query
 * components: everything but {@code A-Z a-z 0-9 - . _ ~ : @ /} becomes {@code %XX} of its UTF-8
 * bytes, so a pattern holding {@code +}, {@code &}, {@code =}, {@code #}, {@code %} or spaces arrives
 * as typed (a form decoder would read a bare {@code +} as a space).
 *
 * @param pattern grep pattern, or null for every event; several are separated by LF
 * @param lines grep's -x
 * @param severity the levels wanted, as the API reads them ({@code err}, {@code err..warning}), or null
 * @param limit at most this many events, 0 for all
 * @param allCopies every stored copy of an event a client sent to several nodes, not one per sending
 * @param fields conditions on structured fields as typed ({@code status>=500}), all of which must hold
 * @param marks ask for where the pattern matched in each message ({@code --color})
 */
record SearchRequest(String pattern, Mode mode, boolean ignoreCase, boolean invert, boolean words, boolean lines,
                     Instant since, Instant until, List<String> hosts, List<String> apps, String severity,
                     long limit, Order order, boolean allCopies, List<String> fields, boolean marks) {

    enum Mode { BASIC, EXTENDED, FIXED }

    enum Order { NEWEST, OLDEST }

    static final String PATH = "/api/v1/search";

    /** The same selection, its {@code limit} newest events. */
    SearchRequest newest(long limit) {
        return new SearchRequest(pattern, mode, ignoreCase, invert, words, lines, since, until, hosts, apps, severity, limit, Order.NEWEST,
                allCopies, fields, marks);
    }
    static final String TAIL_PATH = "/api/v1/tail";
    static final String STATS_PATH = "/api/v1/stats";
    private static final String HEX = "0123456789ABCDEF";
    /** Besides letters and digits, what RFC 3986 lets a query value hold as is and form decoders read back unchanged. */
    private static final String SAFE = "-._~:@/";

    SearchRequest {
        hosts = List.copyOf(hosts);
        apps = List.copyOf(apps);
        fields = List.copyOf(fields);
    }

    /** The same request, asking for the marks of the matches. */
    SearchRequest withMarks() {
        return new SearchRequest(pattern, mode, ignoreCase, invert, words, lines, since, until, hosts, apps, severity, limit, order,
                allCopies, fields, true);
    }

    URI searchUri(URI node) {
        return searchUri(node, null, null);
    }

    /**
     * The search, each event written by the node as logq prints it in {@code format} ({@code zone}: short
     * only), or as its JSON if {@code format} is null.
     */
    URI searchUri(URI node, OutputFormat format, ZoneId zone) {
        QueryString q = filters(node, PATH);
        if (limit > 0) {
            q.add("limit", Long.toString(limit));
        }
        q.add("order", order.name().toLowerCase(Locale.ROOT));
        if (format != null) {
            q.add("format", format.apiName());
        } else if (marks) {
            q.add("marks", "true");
        }
        if (zone != null && format == OutputFormat.SHORT) {
            q.add("tz", zone.getId());
        }
        return q.uri();
    }

    /**
     * The search with grep's context in each host+app stream ({@code before} and {@code after} events),
     * oldest first, the node writing the lines as logq prints them in {@code format}, groups separated by
     * {@code --} (not in JSON).
     */
    URI contextUri(URI node, OutputFormat format, ZoneId zone, int before, int after) {
        QueryString q = filters(node, PATH);
        q.add("order", "oldest");
        q.add("format", format.apiName());
        if (zone != null && format == OutputFormat.SHORT) {
            q.add("tz", zone.getId());
        }
        q.add("before", Integer.toString(before));
        q.add("after", Integer.toString(after));
        return q.uri();
    }

    /**
     * The same query answered as {@code {"count":N,"origins":{...}}}, and with {@code by} (null: none)
     * also per group; limit and order do not apply.
     */
    URI countUri(URI node, CountBy by) {
        QueryString q = filters(node, PATH);
        q.add("count", "true");
        if (by != null) {
            q.add("by", by.wire());
            if (by.kind() == CountBy.Kind.TIME && by.offsetSeconds() != 0) {
                q.add("offset", Long.toString(by.offsetSeconds()));
            }
        }
        return q.uri();
    }

    /** Host statistics ({@code GET /api/v1/stats}): the same filters, each field, and the time buckets. */
    URI statsUri(URI node, List<String> fields, CountBy buckets) {
        QueryString q = filters(node, STATS_PATH);
        fields.forEach(f -> q.add("stat", f));
        q.add("by", buckets.wire());
        if (buckets.offsetSeconds() != 0) {
            q.add("offset", Long.toString(buckets.offsetSeconds()));
        }
        return q.uri();
    }

    /**
     * Following ({@code GET /api/v1/tail}): the same filters, then resuming after {@code from} if it is
     * 0 or more, else starting with the {@code backlog} newest matches (0: new ones only, or since).
     */
    URI tailUri(URI node, long from, int backlog) {
        QueryString q = filters(node, TAIL_PATH);
        if (marks) {
            q.add("marks", "true");
        }
        if (from >= 0) {
            q.add("from", Long.toString(from));
        } else if (backlog > 0) {
            q.add("backlog", Integer.toString(backlog));
        }
        return q.uri();
    }

    /** The query string every kind of request shares: what selects the events. */
    private QueryString filters(URI node, String path) {
        QueryString q = new QueryString(node.toString() + path);
        if (pattern != null) {
            q.add("q", pattern);
        }
        if (mode != Mode.BASIC) {
            q.add("mode", mode.name().toLowerCase(Locale.ROOT));
        }
        if (ignoreCase) {
            q.add("i", "true");
        }
        if (invert) {
            q.add("v", "true");
        }
        if (words) {
            q.add("w", "true");
        }
        if (lines) {
            q.add("x", "true");
        }
        if (since != null) {
            q.add("since", since.toString());
        }
        if (until != null) {
            q.add("until", until.toString());
        }
        hosts.forEach(h -> q.add("host", h));
        apps.forEach(a -> q.add("app", a));
        if (severity != null) {
            q.add("severity", severity);
        }
        fields.forEach(f -> q.add("field", f));
        if (allCopies) {
            q.add("all_copies", "true");
        }
        return q;
    }

    private static final class QueryString {
        final StringBuilder text;
        char separator = '?';

        QueryString(String base) {
            text = new StringBuilder(base);
        }

        URI uri() {
            return URI.create(text.toString());
        }

        void add(String name, String value) {
            text.append(separator).append(name).append('=');
            separator = '&';
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || SAFE.indexOf(c) >= 0) {
                    text.append((char) c);
                } else {
                    text.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
                }
            }
        }
    }

    /**
     * The wire form of a {@code -p} value, spelt as journalctl accepts it: a level (a name, an alias such
     * as {@code error}, {@code warn}, {@code panic}, or 0..7) for it and everything more severe, or
     * {@code FROM..TO}.
     *
     * @throws IllegalArgumentException listing what is accepted
     */
    static String severity(String text) {
        return Severities.parse(text).text();
    }
}
