package dev.logq.store.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What to find: a grep pattern with grep's flags, a time range on {@code ts}, and filters on the
 * event's host, app, severity and structured fields.
 *
 * @param pattern     the pattern, matched against {@code msg} line by line as grep would; several patterns are
 *                    separated by {@code \n} (grep -e a -e b); null matches all, and so does empty unless -w or -x
 * @param mode        how to read the pattern: grep's default (BRE), {@code -E} (ERE) or {@code -F} (fixed string)
 * @param ignoreCase  {@code -i}
 * @param invert      {@code -v}: events whose message does not match
 * @param wordRegexp  {@code -w}: the match must be a whole word
 * @param lineRegexp  {@code -x}: the match must be a whole line (wins over {@code -w}, as in grep)
 * @param since       inclusive lower bound on {@code ts}, or null
 * @param until       exclusive upper bound on {@code ts}, or null
 * @param hosts       any of these hosts (exact), or empty for all
 * @param apps        any of these apps (exact), or empty for all
 * @param severities  the severities wanted (like {@code journalctl -p}); null for all
 * @param limit       at most this many events, 0 for no limit
 * @param order       newest or oldest first
 * @param allCopies   every stored copy of an event a client sent to several nodes; by default they collapse
 *                    (see {@link dev.logq.store.Store#search})
 * @param fields      conditions on structured fields ({@link FieldFilter}), all of which must hold; empty for none
 */
public record Query(
        String pattern,
        PatternMode mode,
        boolean ignoreCase,
        boolean invert,
        boolean wordRegexp,
        boolean lineRegexp,
        Instant since,
        Instant until,
        Set<String> hosts,
        Set<String> apps,
        Severities severities,
        long limit,
        Order order,
        boolean allCopies,
        List<FieldFilter> fields) {

    public enum PatternMode { BASIC, EXTENDED, FIXED }

    public enum Order { NEWEST_FIRST, OLDEST_FIRST }

    public Query {
        mode = mode == null ? PatternMode.BASIC : mode;
        order = order == null ? Order.NEWEST_FIRST : order;
        hosts = hosts == null ? Set.of() : Set.copyOf(hosts);
        apps = apps == null ? Set.of() : Set.copyOf(apps);
        severities = severities == null ? Severities.ALL : severities;
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " must be 0 (no limit) or more");
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until " + until + " is before since " + since);
        }
    }

    /** A query without field filters. */
    public Query(String pattern, PatternMode mode, boolean ignoreCase, boolean invert, boolean wordRegexp, boolean lineRegexp,
            Instant since, Instant until, Set<String> hosts, Set<String> apps, Severities severities, long limit, Order order,
            boolean allCopies) {
        this(pattern, mode, ignoreCase, invert, wordRegexp, lineRegexp, since, until, hosts, apps, severities, limit, order,
                allCopies, List.of());
    }

    /** Everything, newest first. */
    public static Query all() {
        return new Query(null, PatternMode.BASIC, false, false, false, false, null, null, Set.of(), Set.of(), null, 0, Order.NEWEST_FIRST, false);
    }

    public boolean hasPattern() {
        return pattern != null && !pattern.isEmpty();
    }
}
