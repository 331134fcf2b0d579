package dev.logq.store.internal.search;

import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.model.ContextSink;
import dev.logq.store.model.Event;
import dev.logq.store.model.EventSink;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * grep's {@code -B N} and {@code -A N} over events: the stream of an event is its host and app (what a
 * log file would hold), and around each match its stream's events before and after are printed, as
 * grep prints the lines around a match in its file.
 *
 * <p>The matches come oldest first. For each, the {@code before} events of its stream that precede it
 * (but not before what was printed of that stream already) are printed, then the match, then the events
 * that follow it in its stream until {@code after} of them in a row do not match (a match among them
 * starts its own {@code after} again, as in grep). A group is printed whole before the next match's,
 * so groups of different streams do not interleave; a separator comes before every group that does not
 * carry on the last printed line of the same stream. Context events ignore the query's pattern,
 * severity and time window, as grep's context lines ignore the pattern; copies of one sending show once.
 *
 * <p>Each group asks the index for the stream's events near its match: two small searches per match.
 */
final class ContextSearch {

    /** An event's place in the order of the index sort: time key, origin, seq. */
    private record Key(long time, String origin, long seq) implements Comparable<Key> {
        static final Comparator<Key> ORDER = Comparator.comparingLong(Key::time).thenComparing(Key::origin).thenComparingLong(Key::seq);

        static Key of(Event e) {
            return new Key(TimeKey.of(e.ts()), e.origin() == null ? "" : e.origin(), e.seq());
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    private record Stream(String host, String app) {}

    private final QueryEngine engine;
    private final Query query;
    private final SearchPlan plan;
    private final int before;
    private final int after;
    private final ContextSink sink;
    private final Map<Stream, Event> lastPrinted = new HashMap<>();
    private Stream lastStream;
    private boolean stopped;

    ContextSearch(QueryEngine engine, Query query, int before, int after, ContextSink sink) {
        this.engine = engine;
        this.query = new Query(query.pattern(), query.mode(), query.ignoreCase(), query.invert(), query.wordRegexp(), query.lineRegexp(),
                query.since(), query.until(), query.hosts(), query.apps(), query.severities(), 0, Order.OLDEST_FIRST, query.allCopies(),
                query.fields());
        this.plan = new SearchPlan(query);
        this.before = before;
        this.after = after;
        this.sink = sink;
    }

    void run() throws IOException {
        // each group's searches run inside the matches' search: searches hold nothing of each other's
        engine.search(query, m -> {
            group(m);
            return !stopped;
        });
    }

    private void group(Event m) throws IOException {
        Stream stream = new Stream(m.host(), m.app());
        Key key = Key.of(m);
        Event last = lastPrinted.get(stream);
        Key printed = last == null ? null : Key.of(last);
        if (printed != null && key.compareTo(printed) <= 0) {
            return;  // printed already, as context of an earlier match
        }
        // before: up to `before` events between what was printed of this stream and the match, plus one
        // more to know whether the group carries on from what was printed
        List<Event> previous = streamEvents(stream, last == null ? null : last.ts(), m.ts().plusNanos(1), Order.NEWEST_FIRST, e -> {
            Key k = Key.of(e);
            return k.compareTo(key) < 0 && (printed == null || k.compareTo(printed) > 0);
        }, before + 1);
        boolean carriesOn = printed != null && previous.size() <= before && stream.equals(lastStream);
        if (!carriesOn && lastStream != null && !emitSeparator()) {
            return;
        }
        List<Event> shown = previous.subList(0, Math.min(before, previous.size())).reversed();
        for (Event e : shown) {
            if (!emit(stream, e)) {
                return;
            }
        }
        if (!emit(stream, m)) {
            return;
        }
        if (after > 0) {
            int[] left = {after};
            streamEvents(stream, m.ts(), null, Order.OLDEST_FIRST, e -> Key.of(e).compareTo(key) > 0, e -> {
                if (!emit(stream, e)) {
                    return false;
                }
                left[0] = plan.selects(e) ? after : left[0] - 1;
                return left[0] > 0;
            });
        }
    }

    private boolean emitSeparator() throws IOException {
        if (!sink.separator()) {
            stopped = true;
            return false;
        }
        return true;
    }

    private boolean emit(Stream stream, Event e) throws IOException {
        lastPrinted.put(stream, e);
        lastStream = stream;
        if (!sink.accept(e)) {
            stopped = true;
            return false;
        }
        return true;
    }

    /** Up to {@code limit} events of the stream in [since, until) passing {@code keep}, in {@code order}. */
    private List<Event> streamEvents(Stream stream, Instant since, Instant until, Order order, Predicate<Event> keep, int limit)
            throws IOException {
        List<Event> found = new ArrayList<>();
        if (limit > 0) {
            streamEvents(stream, since, until, order, keep, e -> {
                found.add(e);
                return found.size() < limit;
            });
        }
        return found;
    }

    /** The stream's events in [since, until) passing {@code keep}, in {@code order}, until {@code take} says stop. */
    private void streamEvents(Stream stream, Instant since, Instant until, Order order, Predicate<Event> keep, EventSink take)
            throws IOException {
        // events without an app: the index cannot ask for "no app", so they are told apart here
        Query q = new Query(null, null, false, false, false, false, since, until, Set.of(stream.host()),
                stream.app() == null ? Set.of() : Set.of(stream.app()), null, 0, order, query.allCopies());
        engine.search(q, e -> !Objects.equals(e.app(), stream.app()) || !keep.test(e) || take.accept(e));
    }
}
