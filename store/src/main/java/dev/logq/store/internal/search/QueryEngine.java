package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.Partitions;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.model.Copies;
import dev.logq.store.model.EventSink;
import dev.logq.store.model.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
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

    private final Partitions partitions;
    private final Journal journal;

    /** @param journal where results are read from (the index keeps their addresses) */
    public QueryEngine(Partitions partitions, Journal journal) {
        this.partitions = partitions;
        this.journal = journal;
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
        SearchPlan plan = new SearchPlan(query);
        Map<String, Long> counts = new TreeMap<>();
        if (plan.selectsNothing()) {
            return counts;
        }
        try (ExcerptReader reader = new ExcerptReader(journal)) {
            count(plan, query.allCopies(), counts, reader);
        }
        return counts;
    }

    private void count(SearchPlan plan, boolean allCopies, Map<String, Long> counts, ExcerptReader reader) throws IOException {
        for (Partition p : partitions.overlapping(plan.lo(), plan.hi(), false)) {
            IndexSearcher searcher = p.acquire();
            if (searcher == null) {
                continue;
            }
            try {
                Weight weight = weight(searcher, plan.luceneQuery(p));
                if (!allCopies && severalOrigins(searcher)) {
                    countCollapsed(weight, searcher.getIndexReader().leaves(), plan, counts, reader);
                } else {
                    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                        countSegment(weight, leaf, plan, counts, reader);
                    }
                }
            } finally {
                p.release(searcher);
            }
        }
    }

    private static void countSegment(Weight weight, LeafReaderContext leaf, SearchPlan plan, Map<String, Long> counts,
            ExcerptReader reader) throws IOException {
        CountCursor c = CountCursor.open(weight, leaf, plan, reader);
        if (c == null) {
            return;
        }
        long[] perOrigin = new long[c.originCount()];
        long withoutOrigin = 0;
        while (c.advance()) {
            int ord = c.originOrd();
            if (ord >= 0) {
                perOrigin[ord]++;
            } else {
                withoutOrigin++;
            }
        }
        for (int ord = 0; ord < perOrigin.length; ord++) {
            if (perOrigin[ord] > 0) {
                counts.merge(c.originName(ord), perOrigin[ord], Long::sum);
            }
        }
        if (withoutOrigin > 0) {
            counts.merge("", withoutOrigin, Long::sum);
        }
    }

    /** One document's part in a collapsed count. */
    private record Counted(long content, String origin) {}

    /**
     * Counts a partition's segments together, merged by time, one timestamp at a time: copies share
     * their timestamp, and within it they are told apart by their content hash.
     */
    private static void countCollapsed(Weight weight, List<LeafReaderContext> leaves, SearchPlan plan, Map<String, Long> counts,
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
                    run.add(new Counted(c.content(), c.origin()));
                    more = c.advance();
                } while (more && c.timeKey() == key);
                if (more) {
                    heads.add(new Head(c, c.timeKey()));
                }
            }
            for (Counted shown : Copies.collapse(run, Counted::content, Counted::origin)) {
                counts.merge(shown.origin(), 1L, Long::sum);
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

    private static Weight weight(IndexSearcher searcher, org.apache.lucene.search.Query q) throws IOException {
        return searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
    }
}
