package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.Partitions;
import dev.logq.store.model.EventSink;
import dev.logq.store.model.Query;
import java.io.IOException;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * Runs queries over the partitions: Lucene narrows the candidates ({@link SearchPlan}), each candidate
 * is checked exactly, and results stream to the sink in time order without being collected.
 *
 * <p>Order: partitions hold disjoint time ranges, so they are visited one after the other in time
 * order; within a partition, each segment is already sorted by (ts, origin, seq) (the index sort), and
 * a priority queue merges the segments' cursors. Ties on ts are broken by origin, then seq, so the order
 * is the same on every run and every node; newest-first is exactly the reverse of oldest-first.
 */
public final class QueryEngine {

    private final Partitions partitions;

    public QueryEngine(Partitions partitions) {
        this.partitions = partitions;
    }

    public void search(Query query, EventSink sink) throws IOException {
        SearchPlan plan = new SearchPlan(query);
        if (plan.selectsNothing()) {
            return;
        }
        long remaining = plan.limit();
        var order = plan.newestFirst() ? SegmentCursor.OLDEST_FIRST.reversed() : SegmentCursor.OLDEST_FIRST;
        for (Partition p : partitions.overlapping(plan.lo(), plan.hi(), plan.newestFirst())) {
            IndexSearcher searcher = p.acquire();
            if (searcher == null) {
                continue;  // deleted since the list was taken
            }
            try {
                Weight weight = weight(searcher, plan.luceneQuery(p));
                PriorityQueue<SegmentCursor> cursors = new PriorityQueue<>(order);
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    SegmentCursor c = SegmentCursor.open(weight, leaf, plan);
                    if (c != null && c.advance()) {
                        cursors.add(c);
                    }
                }
                while (!cursors.isEmpty()) {
                    SegmentCursor c = cursors.poll();
                    if (!sink.accept(c.head()) || --remaining == 0) {
                        return;
                    }
                    if (c.advance()) {
                        cursors.add(c);
                    }
                }
            } finally {
                p.release(searcher);
            }
        }
    }

    public Map<String, Long> count(Query query) throws IOException {
        SearchPlan plan = new SearchPlan(query);
        Map<String, Long> counts = new TreeMap<>();
        if (plan.selectsNothing()) {
            return counts;
        }
        for (Partition p : partitions.overlapping(plan.lo(), plan.hi(), false)) {
            IndexSearcher searcher = p.acquire();
            if (searcher == null) {
                continue;
            }
            try {
                Weight weight = weight(searcher, plan.luceneQuery(p));
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    countSegment(weight, leaf, plan, counts);
                }
            } finally {
                p.release(searcher);
            }
        }
        return counts;
    }

    private static void countSegment(Weight weight, LeafReaderContext leaf, SearchPlan plan, Map<String, Long> counts)
            throws IOException {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
            return;
        }
        SortedDocValues origins = DocValues.getSorted(leaf.reader(), EventDocument.ORIGIN);
        long[] perOrigin = new long[origins.getValueCount()];
        long withoutOrigin = 0;
        Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = plan.candidatesAreExact() ? null : leaf.reader().storedFields();
        SegmentCursor.EventBytes bytes = new SegmentCursor.EventBytes();
        DocIdSetIterator it = scorer.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
            if (live != null && !live.get(doc)) {
                continue;
            }
            if (stored != null && !(plan.messageDecides()
                    ? plan.selectsMessage(bytes.message(stored, doc))
                    : plan.selects(bytes.read(stored, doc)))) {
                continue;
            }
            if (origins.advanceExact(doc)) {
                perOrigin[origins.ordValue()]++;
            } else {
                withoutOrigin++;
            }
        }
        for (int ord = 0; ord < perOrigin.length; ord++) {
            if (perOrigin[ord] > 0) {
                counts.merge(origins.lookupOrd(ord).utf8ToString(), perOrigin[ord], Long::sum);
            }
        }
        if (withoutOrigin > 0) {
            counts.merge("", withoutOrigin, Long::sum);
        }
    }

    private static Weight weight(IndexSearcher searcher, org.apache.lucene.search.Query q) throws IOException {
        return searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
    }
}
