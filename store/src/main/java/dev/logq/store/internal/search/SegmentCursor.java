package dev.logq.store.internal.search;

import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.util.Comparator;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The selected events of one segment, in the segment's order (its index sort: ts, origin, seq) or in
 * reverse. Candidates are collected into a bit set once (a DocIdSetIterator only goes forward), then
 * read one at a time ({@link LeafEvents}) and checked exactly, so only as many are decoded as the
 * query consumes.
 */
final class SegmentCursor {

    /** The order of the index sort, on decoded events: {@link TimeKey}, then origin, then seq. */
    static final Comparator<SegmentCursor> OLDEST_FIRST = Comparator.comparingLong((SegmentCursor c) -> c.headKey)
            .thenComparing(c -> c.head.origin() == null ? "" : c.head.origin())
            .thenComparingLong(c -> c.head.seq());

    private final FixedBitSet candidates;
    private final LeafEvents events;
    private final SearchPlan plan;
    private final boolean backwards;
    private final boolean fieldsDecided;
    private int next;
    private Event head;
    private long headKey;

    private SegmentCursor(FixedBitSet candidates, LeafEvents events, SearchPlan plan, boolean backwards, boolean fieldsDecided) {
        this.candidates = candidates;
        this.events = events;
        this.plan = plan;
        this.backwards = backwards;
        this.fieldsDecided = fieldsDecided;
        this.next = backwards ? candidates.length() - 1 : 0;
    }

    /** A cursor over the segment's candidates for {@code weight}, or null if it has none. */
    static SegmentCursor open(Weight weight, LeafReaderContext leaf, SearchPlan plan, ExcerptReader journal) throws IOException {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
            return null;
        }
        int maxDoc = leaf.reader().maxDoc();
        FixedBitSet bits = new FixedBitSet(maxDoc);
        bits.or(scorer.iterator());
        Bits live = leaf.reader().getLiveDocs();
        if (live != null) {
            for (int d = bits.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS; d = d + 1 < maxDoc ? bits.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
                if (!live.get(d)) {
                    bits.clear(d);
                }
            }
        }
        return new SegmentCursor(bits, new LeafEvents(leaf.reader(), journal, bits.cardinality()), plan, plan.newestFirst(),
                plan.fieldsDecided(leaf.reader()));
    }

    /** Moves to the next selected event; false when there is none. */
    boolean advance() throws IOException {
        while (true) {
            int doc;
            if (backwards) {
                doc = next >= 0 ? candidates.prevSetBit(next) : -1;
                if (doc < 0) {
                    return false;
                }
                next = doc - 1;
            } else {
                doc = next < candidates.length() ? candidates.nextSetBit(next) : DocIdSetIterator.NO_MORE_DOCS;
                if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                    return false;
                }
                next = doc + 1;
            }
            Event e = events.event(doc);
            if (plan.selectsCandidate(e, fieldsDecided)) {
                head = e;
                headKey = TimeKey.of(e.ts());
                return true;
            }
        }
    }

    Event head() {
        return head;
    }
}
