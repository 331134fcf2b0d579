package dev.logq.store.internal.search;

import dev.logq.store.internal.grep.GrepMatcher;
import dev.logq.store.internal.grep.Requirement;
import dev.logq.store.internal.grep.TextFold;
import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.EventFields;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Query;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * One {@link Query} made ready to run: the Lucene query that narrows candidates (filters exactly on
 * time, host, app and severity, by the trigram prefilter on the pattern, and by structured fields'
 * names, texts and numbers) and the exact check every candidate must pass ({@link GrepMatcher},
 * {@code -v}, the field filters, and the time range where {@link TimeKey} clamps).
 *
 * <p>Events that do not come from the index (following the journal, a context stream) take the whole
 * check, {@link #selects}; an index candidate only the part the index leaves open, {@link #selectsCandidate}.
 */
public final class SearchPlan {

    /**
     * The last message folded, and its fold: many plans (alert rules) check one event after the other. A
     * plain field: threads that race on it only fold again, and a {@link Folded}'s final fields are safe to share.
     */
    private static Folded lastFolded;

    private final Query query;
    private final GrepMatcher matcher;
    /** What a matching message must contain (its required literals), or null if that rules nothing out. */
    private final Requirement required;
    private final boolean matchesAll;
    private final long lo;
    private final long hi;
    private final boolean timeExact;
    private final List<org.apache.lucene.search.Query> filters = new ArrayList<>();

    /** @throws IllegalArgumentException if the pattern is not valid for its mode, as grep would say */
    public SearchPlan(Query query) {
        this(query, null);
    }

    /**
     * The plan of a count by {@code by} (null: none): a count by a field, or by field names, takes only
     * events that have that field, or any.
     */
    SearchPlan(Query query, CountBy by) {
        this.query = query;
        this.matcher = GrepMatcher.compile(query.pattern(), query.mode(), query.ignoreCase(), query.wordRegexp(), query.lineRegexp());
        this.matchesAll = matcher.matchesEverything();
        this.required = matcher.requirement() instanceof Requirement.Anything ? null : matcher.requirement();
        this.lo = query.since() == null ? Long.MIN_VALUE : TimeKey.of(query.since());
        this.hi = query.until() == null ? Long.MAX_VALUE : upperKey(query.until());
        this.timeExact = (query.since() == null || TimeKey.exact(query.since()))
                && (query.until() == null || TimeKey.exact(query.until()));
        if (!query.hosts().isEmpty()) {
            filters.add(keywords(EventDocument.HOST, query.hosts()));
        }
        if (!query.apps().isEmpty()) {
            filters.add(keywords(EventDocument.APP, query.apps()));
        }
        if (!query.severities().all()) {
            filters.add(IntPoint.newRangeQuery(EventDocument.SEVERITY, query.severities().mostSevere().code(),
                    query.severities().leastSevere().code()));
        }
        for (FieldFilter f : query.fields()) {
            org.apache.lucene.search.Query q = fieldQuery(f);
            if (q != null) {
                filters.add(q);
            }
        }
        if (by != null && by.kind() == CountBy.Kind.FIELD) {
            filters.add(new TermQuery(new Term(EventDocument.FIELD_NAME, by.field())));
        } else if (by != null && by.kind() == CountBy.Kind.FIELDS) {
            filters.add(new FieldExistsQuery(EventDocument.FIELD_NAMES));
        }
        if (!query.invert()) {
            org.apache.lucene.search.Query prefilter = Prefilter.of(matcher.requirement());
            if (prefilter != null) {
                filters.add(prefilter);
            }
        }
    }

    private static long upperKey(Instant until) {
        long key = TimeKey.of(until);
        return TimeKey.exact(until) ? key - 1 : key;  // exclusive bound; a clamped one is checked exactly
    }

    private static org.apache.lucene.search.Query keywords(String field, Set<String> values) {
        if (values.size() == 1) {
            return new TermQuery(new Term(field, values.iterator().next()));
        }
        return new TermInSetQuery(field, values.stream().sorted().map(BytesRef::new).toList());
    }

    /** What the index can narrow a field filter to; null if nothing ({@code !=}). */
    private static org.apache.lucene.search.Query fieldQuery(FieldFilter f) {
        double n = f.number();
        long name = EventDocument.fieldNameHash(f.name());
        if (f.op().equals(FieldFilter.NE)) {
            return null;
        }
        if (f.op().equals(FieldFilter.EQ) && Double.isNaN(n)) {
            return EventDocument.fieldTextIndexed(f.value())
                    ? new TermQuery(new Term(EventDocument.FIELD_TEXT, EventDocument.fieldText(f.name(), f.value())))
                    : new TermQuery(new Term(EventDocument.FIELD_NAME, f.name()));
        }
        double from = switch (f.op()) {
            case FieldFilter.EQ, FieldFilter.GE -> n;
            case FieldFilter.GT -> Math.nextUp(n);
            default -> Double.NEGATIVE_INFINITY;
        };
        double to = switch (f.op()) {
            case FieldFilter.EQ, FieldFilter.LE -> n;
            case FieldFilter.LT -> Math.nextDown(n);
            default -> Double.POSITIVE_INFINITY;
        };
        return LongPoint.newRangeQuery(EventDocument.FIELD_NUMBER,
                new long[] {name, NumericUtils.doubleToSortableLong(from)}, new long[] {name, NumericUtils.doubleToSortableLong(to)});
    }

    /** True if no event can be selected: {@code -v} of a pattern that matches everything, or an empty time range. */
    boolean selectsNothing() {
        return (matchesAll && query.invert()) || lo > hi;
    }

    /**
     * True if every candidate is selected, so candidates need not be read to be counted.
     *
     * @param fieldsDecided what {@link #fieldsDecided} says of the candidates' segment
     */
    boolean candidatesAreExact(boolean fieldsDecided) {
        return matchesAll && !query.invert() && messageDecides(fieldsDecided);
    }

    /** True if the message alone decides a candidate's selection (the time range and fields need no exact check). */
    boolean messageDecides(boolean fieldsDecided) {
        return timeExact && fieldsDecided;
    }

    /**
     * Whether the index alone decides the field filters for this segment's candidates: each filter's
     * query is exact ({@code =} of a text up to the indexed length, a comparison of numbers), and no
     * other field name in the segment shares the hash of a compared name (the numeric points' first
     * dimension), which is checked against the segment's names.
     */
    boolean fieldsDecided(LeafReader leaf) throws IOException {
        for (FieldFilter f : query.fields()) {
            boolean text = Double.isNaN(f.number());
            if (f.op().equals(FieldFilter.NE) || (text && !EventDocument.fieldTextIndexed(f.value()))) {
                return false;
            }
            if (!text && hashShared(leaf, f.name())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hashShared(LeafReader leaf, String name) throws IOException {
        Terms names = leaf.terms(EventDocument.FIELD_NAME);
        if (names == null) {
            return false;
        }
        long hash = EventDocument.fieldNameHash(name);
        TermsEnum it = names.iterator();
        for (BytesRef term = it.next(); term != null; term = it.next()) {
            String other = term.utf8ToString();
            if (!other.equals(name) && EventDocument.fieldNameHash(other) == hash) {
                return true;
            }
        }
        return false;
    }

    long lo() {
        return lo;
    }

    long hi() {
        return hi;
    }

    boolean newestFirst() {
        return query.order() == Query.Order.NEWEST_FIRST;
    }

    long limit() {
        return query.limit() == 0 ? Long.MAX_VALUE : query.limit();
    }

    /** The candidates' query within one partition. */
    public org.apache.lucene.search.Query luceneQuery(Partition p) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        if (lo > p.firstKey() || hi < p.lastKey()) {
            long from = Math.max(lo, p.firstKey());
            long to = Math.min(hi, p.lastKey());
            b.add(new IndexSortSortedNumericDocValuesRangeQuery(EventDocument.TS, from, to,
                    LongPoint.newRangeQuery(EventDocument.TS, from, to)), Occur.FILTER);
            clauses++;
        }
        for (org.apache.lucene.search.Query f : filters) {
            b.add(f, Occur.FILTER);
            clauses++;
        }
        return clauses == 0 ? MatchAllDocsQuery.INSTANCE : b.build();
    }

    /**
     * The whole check of an event, wherever it comes from: read from the journal (a follower, an alert rule,
     * context lines), not picked by the index's prefilter. So the pattern's required literals are looked for
     * first ({@link String#contains}, a vectorised scan), which turns away most events long before a regular
     * expression would; an event they let through gets the exact match.
     */
    public boolean selects(Event e) {
        return keywordSelects(query.hosts(), e.host()) && keywordSelects(query.apps(), e.app())
                && query.severities().contains(e.severity())
                && inTime(e)
                && selectsFields(e)
                && selectsRead(e.msg());
    }

    /** {@link #selectsMessage} for a message the prefilter did not pass: its required literals first. */
    private boolean selectsRead(String msg) {
        if (!matchesAll && required != null && !required.heldBy(folded(msg))) {
            return query.invert();  // it cannot match
        }
        return selectsMessage(msg);
    }

    private record Folded(String msg, String folded) {}

    private static String folded(String msg) {
        Folded last = lastFolded;
        if (last == null || last.msg() != msg) {
            last = new Folded(msg, TextFold.fold(msg));
            lastFolded = last;
        }
        return last.folded();
    }

    private boolean inTime(Event e) {
        return (query.since() == null || !e.ts().isBefore(query.since())) && (query.until() == null || e.ts().isBefore(query.until()));
    }

    private static boolean keywordSelects(Set<String> wanted, String value) {
        return wanted.isEmpty() || (value != null && wanted.contains(value));  // Set.of refuses contains(null)
    }

    /**
     * The check of an index candidate: what the index did not decide exactly.
     *
     * @param fieldsDecided what {@link #fieldsDecided} says of the candidate's segment
     */
    boolean selectsCandidate(Event e, boolean fieldsDecided) {
        return (timeExact || inTime(e)) && (fieldsDecided || selectsFields(e)) && selectsMessage(e.msg());
    }

    private boolean selectsFields(Event e) {
        if (query.fields().isEmpty()) {
            return true;
        }
        List<EventFields.Value> values = EventFields.of(e);
        for (FieldFilter f : query.fields()) {
            if (!EventFields.matches(f, values)) {
                return false;
            }
        }
        return true;
    }

    /** The exact check of a candidate's message; enough if {@link #messageDecides(boolean)}. */
    boolean selectsMessage(String msg) {
        return matchesAll ? !query.invert() : matcher.matches(msg) != query.invert();
    }
}
