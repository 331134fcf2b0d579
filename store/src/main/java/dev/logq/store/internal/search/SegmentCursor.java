package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.util.Comparator;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The selected events of one segment, in the segment's order (its index sort: ts, origin, seq) or in
 * reverse. Candidates are collected into a bit set once (a DocIdSetIterator only goes forward), then
 * read one at a time from the stored field and checked exactly, so only as many are decoded as the
 * query consumes.
 */
final class SegmentCursor {

    /** The order of the index sort, on decoded events: {@link TimeKey}, then origin, then seq. */
    static final Comparator<SegmentCursor> OLDEST_FIRST = Comparator.comparingLong((SegmentCursor c) -> c.headKey)
            .thenComparing(c -> c.head.origin() == null ? "" : c.head.origin())
            .thenComparingLong(c -> c.head.seq());

    private final FixedBitSet candidates;
    private final StoredFields stored;
    private final SearchPlan plan;
    private final boolean backwards;
    private final EventBytes bytes = new EventBytes();
    private int next;
    private Event head;
    private long headKey;

    private SegmentCursor(FixedBitSet candidates, StoredFields stored, SearchPlan plan, boolean backwards) {
        this.candidates = candidates;
        this.stored = stored;
        this.plan = plan;
        this.backwards = backwards;
        this.next = backwards ? candidates.length() - 1 : 0;
    }

    /** A cursor over the segment's candidates for {@code weight}, or null if it has none. */
    static SegmentCursor open(Weight weight, LeafReaderContext leaf, SearchPlan plan) throws IOException {
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
        return new SegmentCursor(bits, StoredEvents.open(leaf.reader(), bits.cardinality()), plan, plan.newestFirst());
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
            Event e = bytes.read(stored, doc);
            if (plan.selects(e)) {
                head = e;
                headKey = TimeKey.of(e.ts());
                return true;
            }
        }
    }

    Event head() {
        return head;
    }

    /** Reads the stored event of a document. */
    static final class EventBytes extends StoredFieldVisitor {
        private byte[] value;

        Event read(StoredFields stored, int doc) throws IOException {
            value = null;
            stored.document(doc, this);
            if (value == null) {
                throw new IOException("document " + doc + " has no stored event (index not written by logq?)");
            }
            return EventCodec.decode(value);
        }

        String message(StoredFields stored, int doc) throws IOException {
            value = null;
            stored.document(doc, this);
            if (value == null) {
                throw new IOException("document " + doc + " has no stored event (index not written by logq?)");
            }
            return EventCodec.message(value, 0, value.length);
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, byte[] v) {
            value = v;
        }

        @Override
        public Status needsField(FieldInfo fieldInfo) {
            return EventDocument.EVENT.equals(fieldInfo.name) ? Status.YES : (value == null ? Status.NO : Status.STOP);
        }
    }
}
