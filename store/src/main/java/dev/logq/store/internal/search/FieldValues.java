package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.model.FieldFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;

/**
 * One field's values in a segment's value lists ({@link EventDocument#FIELD_VALUES}): the terms
 * {@code NAME NUL TEXT} are sorted, so the field's ordinals are one range.
 */
final class FieldValues {

    private final SortedSetDocValues values;
    private final SortedSetDocValues unlisted;
    private final long unlistedOrd;
    private final long from;
    private final long to;
    private final int prefix;
    private final Map<Long, String> texts = new HashMap<>();
    private double[] numbers;  // number(ord), parsed on first use
    private boolean[] parsed;

    FieldValues(LeafReader reader, String name) throws IOException {
        values = DocValues.getSortedSet(reader, EventDocument.FIELD_VALUES);
        unlisted = DocValues.getSortedSet(reader, EventDocument.FIELD_UNLISTED);
        unlistedOrd = unlisted.lookupTerm(new BytesRef(name));
        from = ordAtOrAfter(values, EventDocument.fieldText(name, ""));
        to = ordAtOrAfter(values, name + '\u0001');
        prefix = new BytesRef(EventDocument.fieldText(name, "")).length;
    }

    private static long ordAtOrAfter(SortedSetDocValues values, String term) throws IOException {
        long ord = values.lookupTerm(new BytesRef(term));
        return ord >= 0 ? ord : -ord - 1;
    }

    /** How many values the field has in the segment's lists: ordinals are 0 up to this. */
    int size() {
        return (int) (to - from);
    }

    /**
     * Writes the ordinals of the document's values to {@code ords} and returns how many, or returns -1
     * if one of its values is not in the lists and the event must be read.
     */
    int ords(int doc, int[] ords) throws IOException {
        if (unlistedOrd >= 0 && unlisted.advanceExact(doc)) {
            for (int i = 0, n = unlisted.docValueCount(); i < n; i++) {
                if (unlisted.nextOrd() == unlistedOrd) {
                    return -1;
                }
            }
        }
        if (from == to || !values.advanceExact(doc)) {
            return 0;
        }
        int found = 0;
        for (int i = 0, n = values.docValueCount(); i < n; i++) {
            long ord = values.nextOrd();
            if (ord >= to) {
                break;  // a document's ordinals come in increasing order
            }
            if (ord >= from) {
                ords[found++] = (int) (ord - from);
            }
        }
        return found;
    }

    /**
     * The document's first value that reads as a number, NaN if it has none, or null if one of its
     * values is not in the lists and the event must be read. Each ordinal's text is parsed once.
     */
    Double number(int doc, int[] ords) throws IOException {
        int n = ords(doc, ords);
        if (n < 0) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            double v = number(ords[i]);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    /** The value's text as a number, as {@link FieldFilter} compares them (NaN if it is not one), parsed once. */
    private double number(int ord) {
        if (numbers == null) {
            numbers = new double[size()];
            parsed = new boolean[size()];
        }
        if (!parsed[ord]) {
            numbers[ord] = FieldFilter.number(text(ord));
            parsed[ord] = true;
        }
        return numbers[ord];
    }

    /** The text of the value with this ordinal. */
    String text(int ord) {
        return texts.computeIfAbsent(ord + from, this::text);
    }

    private String text(long ord) {
        try {
            BytesRef term = values.lookupOrd(ord);
            return new String(term.bytes, term.offset + prefix, term.length - prefix, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
