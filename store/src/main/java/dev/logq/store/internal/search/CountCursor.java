package dev.logq.store.internal.search;

import dev.logq.store.internal.index.ContentHash;
import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.EventFields;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The selected documents of one segment for counting, in document order, which is the index sort's
 * (ts, origin, seq) order. Events are read ({@link LeafEvents}) only where the index cannot decide
 * alone (a regex the trigrams only narrow down) or, for {@link #content}, in segments indexed before
 * the content hash.
 */
final class CountCursor {

    private final DocIdSetIterator docs;
    private final Bits live;
    private final SearchPlan plan;
    private final LeafEvents events;
    private final boolean verify;
    private final boolean fieldsDecided;
    private final SortedDocValues origins;
    private final NumericDocValues ts;
    private final NumericDocValues contents;
    private final String[] originNames;
    private final Groups hosts;
    private final Groups apps;
    private final NumericDocValues severities;
    /** Field names beyond this many in a segment are counted from the events. */
    private static final int MAX_NAMES = 1 << 20;
    private final SortedSetDocValues fieldNames;
    private final String[] fieldNameOf;
    private final LeafReaderContext leaf;
    private FieldValues fieldValues;  // for a count by one field, made on first use
    private int[] ords;  // groups(): the document's group ordinals, made on first use
    private long lastBucket = Long.MIN_VALUE;
    private String lastBucketKey;
    private Event decoded;
    private int doc = -1;

    /** The names of one segment's keyword doc values, looked up once per ordinal. */
    private static final class Groups {
        private final SortedDocValues values;
        private final String[] names;

        Groups(SortedDocValues values) {
            this.values = values;
            this.names = new String[values.getValueCount()];
        }

        /** The document's value; null if it has none. */
        String of(int doc) throws IOException {
            if (!values.advanceExact(doc)) {
                return null;
            }
            int ord = values.ordValue();
            String name = names[ord];
            if (name == null) {
                name = names[ord] = values.lookupOrd(ord).utf8ToString();
            }
            return name;
        }
    }

    private CountCursor(DocIdSetIterator docs, LeafReaderContext leaf, SearchPlan plan, ExcerptReader journal) throws IOException {
        this.docs = docs;
        this.live = leaf.reader().getLiveDocs();
        this.plan = plan;
        this.events = new LeafEvents(leaf.reader(), journal, docs.cost());
        this.fieldsDecided = plan.fieldsDecided(leaf.reader());
        this.verify = !plan.candidatesAreExact(fieldsDecided);
        this.origins = DocValues.getSorted(leaf.reader(), EventDocument.ORIGIN);
        this.ts = DocValues.getNumeric(leaf.reader(), EventDocument.TS);
        this.contents = DocValues.getNumeric(leaf.reader(), EventDocument.CONTENT);
        this.originNames = new String[origins.getValueCount()];
        this.hosts = new Groups(DocValues.getSorted(leaf.reader(), EventDocument.HOST_GROUP));
        this.apps = new Groups(DocValues.getSorted(leaf.reader(), EventDocument.APP_GROUP));
        this.severities = DocValues.getNumeric(leaf.reader(), EventDocument.SEVERITY_GROUP);
        this.fieldNames = DocValues.getSortedSet(leaf.reader(), EventDocument.FIELD_NAMES);
        this.fieldNameOf = new String[(int) Math.min(fieldNames.getValueCount(), MAX_NAMES)];
        this.leaf = leaf;
    }

    /** The segment's candidates for {@code weight}, or null if it has none. */
    static CountCursor open(Weight weight, LeafReaderContext leaf, SearchPlan plan, ExcerptReader journal) throws IOException {
        Scorer scorer = weight.scorer(leaf);
        return scorer == null ? null : new CountCursor(scorer.iterator(), leaf, plan, journal);
    }

    /** Moves to the next selected document; false when there is none. */
    boolean advance() throws IOException {
        for (doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            decoded = null;
            if (live != null && !live.get(doc)) {
                continue;
            }
            if (!verify) {
                return true;
            }
            if (plan.messageDecides(fieldsDecided) ? plan.selectsMessage(events.message(doc))
                    : plan.selectsCandidate(decoded = events.event(doc), fieldsDecided)) {
                return true;
            }
        }
        return false;
    }

    /** The current document's id in the segment. */
    int doc() {
        return doc;
    }

    /** The document's origin as an ordinal of this segment ({@link #originName}), -1 for none. */
    int originOrd() throws IOException {
        return origins.advanceExact(doc) ? origins.ordValue() : -1;
    }

    /** How many origins the segment has: ordinals are below this. */
    int originCount() {
        return originNames.length;
    }

    String originName(int ord) throws IOException {
        if (ord < 0) {
            return "";
        }
        String name = originNames[ord];
        if (name == null) {
            name = originNames[ord] = origins.lookupOrd(ord).utf8ToString();
        }
        return name;
    }

    String origin() throws IOException {
        return originName(originOrd());
    }

    long timeKey() throws IOException {
        if (!ts.advanceExact(doc)) {
            throw new IOException("document " + doc + " has no " + EventDocument.TS + " (index not written by logq?)");
        }
        return ts.longValue();
    }

    /**
     * The document's group key ({@link CountBy}; "" for no grouping): from doc values, or from the event
     * in segments written before they were.
     */
    String group(CountBy by) throws IOException {
        if (by == null) {
            return "";
        }
        if (by.kind() == CountBy.Kind.TIME) {
            long bucket = by.bucketOf(Math.floorDiv(timeKey(), 1_000_000_000L));
            if (bucket != lastBucket) {  // documents are in time order: the key repeats
                lastBucket = bucket;
                lastBucketKey = Long.toString(bucket);
            }
            return lastBucketKey;
        }
        String host = hosts.of(doc);
        if (host == null) {
            return by.keyOf(event());  // indexed before documents had the group doc values
        }
        return switch (by.kind()) {
            case HOST -> host;
            case APP -> {
                String app = apps.of(doc);
                yield app != null ? app : "";
            }
            case SEVERITY -> severities.advanceExact(doc) ? Severity.ofCode((int) severities.longValue()).label() : by.keyOf(event());
            case TIME -> throw new IllegalStateException("handled above");
            case FIELD, FIELDS -> throw new IllegalStateException("several groups a document: groups(by)");
        };
    }

    /**
     * For a {@link CountBy#multiValued} count, how many groups the segment has: its field names, or the
     * values of the field in its value lists. Each has an ordinal below this ({@link #groupName}).
     */
    int groupCount(CountBy by) throws IOException {
        return by.kind() == CountBy.Kind.FIELDS ? (int) Math.min(fieldNames.getValueCount(), MAX_NAMES) : fieldValues(by).size();
    }

    /**
     * Writes the ordinals of the document's groups to {@code ords} (each once) and returns how many, or
     * returns -1 if they must be taken from the event ({@link EventFields#keys}).
     */
    int groupOrds(CountBy by, int[] ords) throws IOException {
        if (by.kind() == CountBy.Kind.FIELD) {
            return fieldValues(by).ords(doc, ords);
        }
        if (!fieldNames.advanceExact(doc)) {
            return 0;
        }
        int n = Math.min(fieldNames.docValueCount(), ords.length);
        for (int i = 0; i < n; i++) {
            long ord = fieldNames.nextOrd();
            if (ord >= MAX_NAMES) {
                return -1;
            }
            ords[i] = (int) ord;
        }
        return n;
    }

    String groupName(CountBy by, int ord) throws IOException {
        if (by.kind() == CountBy.Kind.FIELD) {
            return fieldValues(by).text(ord);
        }
        String name = fieldNameOf[ord];
        if (name == null) {
            name = fieldNameOf[ord] = fieldNames.lookupOrd(ord).utf8ToString();
        }
        return name;
    }

    /** The document's groups by a {@link CountBy#multiValued} kind, each once. */
    Set<String> groups(CountBy by) throws IOException {
        if (ords == null) {
            ords = new int[EventFields.MAX_VALUES];
        }
        int n = groupOrds(by, ords);
        if (n < 0) {
            return EventFields.keys(by, event());
        }
        Set<String> groups = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            groups.add(groupName(by, ords[i]));
        }
        return groups;
    }

    private FieldValues fieldValues(CountBy by) throws IOException {
        if (fieldValues == null) {
            fieldValues = new FieldValues(leaf.reader(), by.field());
        }
        return fieldValues;
    }

    Event event() throws IOException {
        if (decoded == null) {
            decoded = events.event(doc);
        }
        return decoded;
    }

    /** {@link ContentHash} of the event: from the index, or from the stored event where the index has none. */
    long content() throws IOException {
        if (contents.advanceExact(doc)) {
            return contents.longValue();
        }
        return ContentHash.of(event());
    }
}
