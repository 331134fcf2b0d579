package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.EventFields;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.Partitions;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.model.ContextSink;
import dev.logq.store.model.Copies;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.EventSink;
import dev.logq.store.model.FieldCounts;
import dev.logq.store.model.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Runs queries over the partitions: Lucene narrows the candidates ({@link SearchPlan}), each candidate
 * is checked exactly, and results stream to the sink in time order without being collected.
 *
 * <p>Order: partitions hold disjoint time ranges, so they are visited one after the other in time
 * order; within a partition, each segment is already sorted by (ts, origin, seq) (the index sort), and
 * a priority queue merges the segments' cursors. Ties on ts are broken by origin, then seq, so the order
 * is the same on every run and every node; newest-first is exactly the reverse of oldest-first.
 *
 * <p>Copies of one sending ({@link Copies}) share their timestamp: unless the query wants all copies,
 * a search holds one timestamp's events at a time and passes on those to show ({@link RunCollapser}),
 * and a count merges the segments by time to count each sending once. A partition whose events all
 * come from one origin has no copies, and is searched and counted without either.
 */
public final class QueryEngine {

    /** Threads a count of several partitions runs on, the caller's included: one per core, at most 4. */
    static final int COUNT_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private final Partitions partitions;
    private final Journal journal;
    /**
     * The other threads of a count: started by the first count of several partitions, ended after a
     * minute without one, so an idle node keeps none.
     */
    private final ThreadPoolExecutor countHelpers = new ThreadPoolExecutor(Math.max(1, COUNT_THREADS - 1), Math.max(1, COUNT_THREADS - 1),
            1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().name("logq-count-helper").daemon().unstarted(r));

    /** @param journal where results are read from (the index keeps their addresses) */
    public QueryEngine(Partitions partitions, Journal journal) {
        this.partitions = partitions;
        this.journal = journal;
        countHelpers.allowCoreThreadTimeOut(true);
    }

    public void search(Query query, EventSink sink) throws IOException {
        SearchPlan plan = new SearchPlan(query);
        if (plan.selectsNothing()) {
            return;
        }
        try (ExcerptReader reader = new ExcerptReader(journal)) {
            search(plan, query.allCopies(), sink, reader);
        }
    }

    private void search(SearchPlan plan, boolean allCopies, EventSink sink, ExcerptReader reader) throws IOException {
        EventSink limited = limit(sink, plan.limit());
        RunCollapser collapser = allCopies ? null : new RunCollapser(limited);
        var order = plan.newestFirst() ? SegmentCursor.OLDEST_FIRST.reversed() : SegmentCursor.OLDEST_FIRST;
        for (Partition p : partitions.overlapping(plan.lo(), plan.hi(), plan.newestFirst())) {
            IndexSearcher searcher = p.acquire();
            if (searcher == null) {
                continue;  // deleted since the list was taken
            }
            try {
                // Copies come from several origins: a partition of one origin has none to collapse.
                EventSink out = collapser != null && severalOrigins(searcher) ? collapser : limited;
                Weight weight = weight(searcher, plan.luceneQuery(p));
                PriorityQueue<SegmentCursor> cursors = new PriorityQueue<>(order);
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    SegmentCursor c = SegmentCursor.open(weight, leaf, plan, reader);
                    if (c != null && c.advance()) {
                        cursors.add(c);
                    }
                }
                while (!cursors.isEmpty()) {
                    SegmentCursor c = cursors.poll();
                    if (!out.accept(c.head())) {
                        return;
                    }
                    if (c.advance()) {
                        cursors.add(c);
                    }
                }
                if (out == collapser && !collapser.flush()) {
                    return;
                }
            } finally {
                p.release(searcher);
            }
        }
    }

    /**
     * The matches with grep's context around them ({@code -B before}, {@code -A after}) in their host and
     * app's stream, oldest first; see {@link ContextSearch}. The query's limit and order do not apply.
     */
    public void searchWithContext(Query query, int before, int after, ContextSink sink) throws IOException {
        new ContextSearch(this, query, before, after, sink).run();
    }

    /** The sink, stopping the query after {@code limit} events (0: no limit). */
    private static EventSink limit(EventSink sink, long limit) {
        if (limit == 0) {
            return sink;
        }
        long[] left = {limit};
        return e -> sink.accept(e) && --left[0] > 0;
    }

    /**
     * Counts per origin. Unless the query wants all copies, the copies of one sending count once
     * ({@link dev.logq.store.model.Copies}), for the origin whose copies a search shows.
     */
    public Map<String, Long> count(Query query) throws IOException {
        Map<String, Long> totals = new TreeMap<>();
        count(query, null).forEach((origin, groups) -> totals.put(origin, groups.get("")));
        return totals;
    }

    /**
     * Counts per origin and group ({@link CountBy}; with {@code by} null, one group ""), copies of one
     * sending once as {@link #count(Query)} does. Groups come from doc values where they can, so a query
     * the index decides alone reads no events.
     */
    public Map<String, Map<String, Long>> count(Query query, CountBy by) throws IOException {
        return count(query, by, null);
    }

    /**
     * The field names of the selected events, counted per origin as {@link #count(Query, CountBy)} does,
     * and for each name a few of its values, taken from the first events read.
     */
    public FieldCounts fields(Query query) throws IOException {
        FieldExamples examples = new FieldExamples();
        Map<String, Map<String, Long>> counts = count(query, new CountBy(CountBy.Kind.FIELDS, 0, 0), examples);
        return new FieldCounts(counts, examples.values());
    }

    private Map<String, Map<String, Long>> count(Query query, CountBy by, FieldExamples examples) throws IOException {
        SearchPlan plan = new SearchPlan(query, by);
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        if (plan.selectsNothing()) {
            return counts;
        }
        List<Partition> parts = partitions.overlapping(plan.lo(), plan.hi(), false);
        AtomicInteger next = new AtomicInteger();
        // Partitions hold disjoint times, so copies of one sending never span two, and each can be counted
        // on its own. Helpers take partitions as the caller does; examples come from the first events
        // read, so a count that gathers them stays on the caller's thread.
        List<AtomicBoolean> started = new ArrayList<>();
        List<Future<Map<String, Map<String, Long>>>> helping = new ArrayList<>();
        if (examples == null) {
            for (int i = 1; i < Math.min(parts.size(), COUNT_THREADS); i++) {
                AtomicBoolean mine = new AtomicBoolean();
                started.add(mine);
                helping.add(countHelpers.submit(() -> mine.compareAndSet(false, true)
                        ? countPartitions(parts, next, query, plan, new Tally(new TreeMap<>(), by, null)) : Map.of()));
            }
        }
        countPartitions(parts, next, query, plan, new Tally(counts, by, examples));
        IOException failure = null;
        for (int i = 0; i < helping.size(); i++) {
            if (started.get(i).compareAndSet(false, true)) {
                continue;  // still queued (the helpers were busy with another count): it will do nothing, and is not waited for
            }
            try {
                helping.get(i).get().forEach((origin, groups) -> groups.forEach((group, n) ->
                        counts.computeIfAbsent(origin, o -> new TreeMap<>()).merge(group, n, Long::sum)));
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while counting", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return counts;
    }

    /** Counts the partitions {@code next} hands out into the tally, until there are none left; returns its counts. */
    private Map<String, Map<String, Long>> countPartitions(List<Partition> parts, AtomicInteger next, Query query,
            SearchPlan plan, Tally tally) throws IOException {
        try (ExcerptReader reader = new ExcerptReader(journal)) {
            for (int i = next.getAndIncrement(); i < parts.size(); i = next.getAndIncrement()) {
                Partition p = parts.get(i);
                IndexSearcher searcher = p.acquire();
                if (searcher == null) {
                    continue;
                }
                try {
                    Weight weight = weight(searcher, plan.luceneQuery(p));
                    if (!query.allCopies() && severalOrigins(searcher)) {
                        countCollapsed(weight, searcher.getIndexReader().leaves(), plan, tally, reader);
                    } else {
                        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                            countSegment(weight, leaf, plan, tally, reader);
                        }
                    }
                } finally {
                    p.release(searcher);
                }
            }
        }
        return tally.counts();
    }

    /** Adds up counts per origin and group, and gathers examples of field values if asked to. */
    private record Tally(Map<String, Map<String, Long>> counts, CountBy by, FieldExamples examples) {
        void add(String origin, String group, long n) {
            counts.computeIfAbsent(origin, o -> new TreeMap<>()).merge(group, n, Long::sum);
        }

        /** The document's groups: one for most kinds, any number by fields. */
        Collection<String> groups(CountCursor c) throws IOException {
            if (by == null || !by.multiValued()) {
                return List.of(c.group(by));
            }
            Set<String> groups = c.groups(by);
            if (examples != null && examples.wants(groups)) {
                examples.add(c.event());
            }
            return groups;
        }
    }

    private static void countSegment(Weight weight, LeafReaderContext leaf, SearchPlan plan, Tally tally,
            ExcerptReader reader) throws IOException {
        CountCursor c = CountCursor.open(weight, leaf, plan, reader);
        if (c == null) {
            return;
        }
        // per origin ordinal (+1: -1 is "no origin"), per group; groups are few and repeat
        List<Map<String, long[]>> perOrigin = new ArrayList<>();
        for (int i = 0; i <= c.originCount(); i++) {
            perOrigin.add(new HashMap<>());
        }
        if (tally.by() != null && tally.by().multiValued()) {
            countByOrdinals(c, tally, perOrigin);
        } else {
            while (c.advance()) {
                perOrigin.get(c.originOrd() + 1).computeIfAbsent(c.group(tally.by()), g -> new long[1])[0]++;
            }
        }
        for (int ord = -1; ord < c.originCount(); ord++) {
            String origin = c.originName(ord);
            perOrigin.get(ord + 1).forEach((group, n) -> tally.add(origin, group, n[0]));
        }
    }

    /**
     * A count by field names or a field's values, in arrays indexed by the segment's ordinals: a document
     * has several groups, and looking each up by name would be most of the count's time. Groups that
     * must come from the event go to {@code fromEvents}, as the other counts do.
     */
    private static void countByOrdinals(CountCursor c, Tally tally, List<Map<String, long[]>> fromEvents) throws IOException {
        CountBy by = tally.by();
        int groups = c.groupCount(by);
        long[][] counts = new long[c.originCount() + 1][groups];
        int[] ords = new int[EventFields.MAX_VALUES];
        boolean[] exampled = tally.examples() != null ? new boolean[groups] : null;
        while (c.advance()) {
            int origin = c.originOrd() + 1;
            int n = c.groupOrds(by, ords);
            if (n < 0) {
                for (String group : EventFields.keys(by, c.event())) {
                    fromEvents.get(origin).computeIfAbsent(group, g -> new long[1])[0]++;
                }
                continue;
            }
            boolean wantsExamples = false;
            for (int i = 0; i < n; i++) {
                counts[origin][ords[i]]++;
                wantsExamples |= exampled != null && !exampled[ords[i]];
            }
            if (wantsExamples) {
                tally.examples().add(c.event());
                for (int i = 0; i < n; i++) {
                    exampled[ords[i]] = tally.examples().complete(c.groupName(by, ords[i]));
                }
            }
        }
        for (int origin = 0; origin < counts.length; origin++) {
            for (int ord = 0; ord < groups; ord++) {
                if (counts[origin][ord] > 0) {
                    fromEvents.get(origin).computeIfAbsent(c.groupName(by, ord), g -> new long[1])[0] += counts[origin][ord];
                }
            }
        }
    }

    /** One document's part in a collapsed count. */
    private record Counted(long content, String origin, Collection<String> groups) {}

    /**
     * Counts a partition's segments together, merged by time, one timestamp at a time: copies share
     * their timestamp, and within it they are told apart by their content hash.
     */
    private static void countCollapsed(Weight weight, List<LeafReaderContext> leaves, SearchPlan plan, Tally tally,
            ExcerptReader reader) throws IOException {
        record Head(CountCursor cursor, long timeKey) {}
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(Head::timeKey));
        for (LeafReaderContext leaf : leaves) {
            CountCursor c = CountCursor.open(weight, leaf, plan, reader);
            if (c != null && c.advance()) {
                heads.add(new Head(c, c.timeKey()));
            }
        }
        List<Counted> run = new ArrayList<>();
        while (!heads.isEmpty()) {
            long key = heads.peek().timeKey();
            while (!heads.isEmpty() && heads.peek().timeKey() == key) {
                CountCursor c = heads.poll().cursor();
                boolean more;
                do {
                    run.add(new Counted(c.content(), c.origin(), tally.groups(c)));
                    more = c.advance();
                } while (more && c.timeKey() == key);
                if (more) {
                    heads.add(new Head(c, c.timeKey()));
                }
            }
            for (Counted shown : Copies.collapse(run, Counted::content, Counted::origin)) {
                for (String group : shown.groups()) {
                    tally.add(shown.origin(), group, 1);
                }
            }
            run.clear();
        }
    }

    /** Whether the searcher's documents come from more than one origin. */
    private static boolean severalOrigins(IndexSearcher searcher) throws IOException {
        BytesRef first = null;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            SortedDocValues origins = DocValues.getSorted(leaf.reader(), EventDocument.ORIGIN);
            int n = origins.getValueCount();
            if (n > 1) {
                return true;
            }
            if (n == 1) {
                BytesRef o = origins.lookupOrd(0);
                if (first == null) {
                    first = BytesRef.deepCopyOf(o);
                } else if (!first.equals(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    static Weight weight(IndexSearcher searcher, org.apache.lucene.search.Query q) throws IOException {
        return searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
    }
}
