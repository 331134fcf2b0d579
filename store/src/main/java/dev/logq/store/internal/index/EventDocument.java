package dev.logq.store.internal.index;

import dev.logq.store.model.HostSamples;
import dev.logq.store.model.Event;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.util.StringHelper;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The Lucene document of one event, and the fields the query engine relies on:
 *
 * <table>
 * <tr><th>field</th><th>how</th><th>for</th></tr>
 * <tr><td>{@value #TS}</td><td>LongPoint + NumericDocValues of {@link TimeKey}</td><td>time range, index sort</td></tr>
 * <tr><td>{@value #ORIGIN}</td><td>SortedDocValues ("" if none)</td><td>index sort tie-break, count per origin</td></tr>
 * <tr><td>{@value #SEQ}</td><td>NumericDocValues</td><td>index sort tie-break</td></tr>
 * <tr><td>{@value #CONTENT}</td><td>NumericDocValues of {@link ContentHash}</td><td>counting copies once</td></tr>
 * <tr><td>{@value #HOST}, {@value #APP}</td><td>keyword (StringField), app only if present</td><td>host/app filters</td></tr>
 * <tr><td>{@value #SEVERITY}</td><td>IntPoint of the code</td><td>severity filter</td></tr>
 * <tr><td>{@value #HOST_GROUP}, {@value #APP_GROUP}, {@value #SEVERITY_GROUP}</td><td>SortedDocValues (app only if
 *     present), NumericDocValues of the code</td><td>counts by host, app, severity without reading events</td></tr>
 * <tr><td>{@value #TRIGRAMS}</td><td>{@link TrigramTokenStream}, docs only, no norms</td><td>pattern prefilter</td></tr>
 * <tr><td>{@value #LONG}</td><td>keyword "1" if the message is longer than the trigrams cover</td><td>always a candidate</td></tr>
 * <tr><td>{@value #FIELD_NAME}</td><td>keyword per field name ({@link EventFields})</td><td>"has the field", count by a field</td></tr>
 * <tr><td>{@value #FIELD_NAMES}</td><td>SortedSetDocValues of the names</td><td>{@code logq fields}</td></tr>
 * <tr><td>{@value #FIELD_TEXT}</td><td>keyword {@code NAME NUL TEXT} per listed value: text, or a whole number,
 *     up to {@value #MAX_FIELD_TEXT_BYTES} bytes</td><td>{@code --field NAME=TEXT}</td></tr>
 * <tr><td>{@value #FIELD_VALUES}</td><td>SortedSetDocValues of the same</td><td>counts by a field without reading events</td></tr>
 * <tr><td>{@value #FIELD_UNLISTED}</td><td>SortedSetDocValues of the names with a value not listed (a fraction,
 *     a long text)</td><td>the count reads those events</td></tr>
 * <tr><td>{@value #FIELD_NUMBER}</td><td>2-dimensional LongPoint (hash of the name, sortable double) per numeric
 *     value</td><td>{@code --field NAME>N} and {@code =N}</td></tr>
 * <tr><td>{@code stat.NAME}</td><td>NumericDocValues (sortable double) of the first number of each field, for
 *     host-statistics samples only</td><td>{@code logq stats} without parsing</td></tr>
 * <tr><td>{@value #AT}</td><td>NumericDocValues, {@link dev.logq.store.internal.journal.ExcerptReader#address}</td><td>results, verification: the record in the journal</td></tr>
 * <tr><td>{@value #EVENT}</td><td>stored bytes, {@link dev.logq.store.internal.journal.EventCodec}, only without {@value #AT}</td><td>the same, for events the journal may not outlive</td></tr>
 * </table>
 *
 * <p>A document points to its journal record ({@value #AT}) when the journal is sure to keep that
 * record as long as the partition exists ({@link Retention}); otherwise (a time stamp later than the
 * partition the record's journal hour falls in, as from a sender whose clock is ahead) it stores the
 * record itself. On 3M events the stored copies took 150 MiB of a 347 MiB index.
 *
 * <p>Structured fields are indexed under four field names, not one Lucene field per event field: a
 * Lucene field costs memory per segment, and JSON senders invent names freely. A numeric point's name is
 * a 32-bit hash, so two names may share points; field filters are always checked on the event too.
 * Fractions (latencies, percentages) are left out of the value lists: nearly every one is new, and
 * a term per value would grow the index by a term per event, for counts nobody breaks down by.
 *
 * Each segment is sorted by (ts, origin, seq) ({@link #SORT}), the order queries return.
 *
 * <p>One instance per indexing thread: it reuses its field objects for every document.
 */
public final class EventDocument {

    public static final String TS = "ts";
    public static final String ORIGIN = "origin";
    static final String SEQ = "seq";
    public static final String CONTENT = "content";
    public static final String HOST = "host";
    public static final String APP = "app";
    public static final String SEVERITY = "severity";
    // Doc values under names of their own: the fields above were indexed without them, and Lucene
    // refuses to add doc values to a field name that an index already holds without.
    public static final String HOST_GROUP = "host.group";
    public static final String APP_GROUP = "app.group";
    public static final String SEVERITY_GROUP = "severity.group";
    public static final String TRIGRAMS = "trigram";
    public static final String LONG = "long";
    public static final String EVENT = "event";
    public static final String AT = "at";
    public static final String LONG_MARK = "1";
    public static final String FIELD_NAME = "field.name";
    public static final String FIELD_NAMES = "field.names";
    public static final String FIELD_TEXT = "field.text";
    public static final String FIELD_VALUES = "field.values";
    public static final String FIELD_UNLISTED = "field.unlisted";
    public static final String FIELD_NUMBER = "field.number";
    static final int MAX_FIELD_TEXT_BYTES = 256;
    private static final int MAX_KEYWORDS = 4096;

    static final Sort SORT = new Sort(new SortField(TS, SortField.Type.LONG), new SortField(ORIGIN, SortField.Type.STRING),
            new SortField(SEQ, SortField.Type.LONG));

    private static final FieldType TRIGRAM_TYPE = new FieldType();

    static {
        TRIGRAM_TYPE.setTokenized(true);
        TRIGRAM_TYPE.setIndexOptions(IndexOptions.DOCS);
        TRIGRAM_TYPE.setOmitNorms(true);
        TRIGRAM_TYPE.setStored(false);
        TRIGRAM_TYPE.freeze();
    }

    private final TrigramTokenStream trigrams = new TrigramTokenStream();
    private final LongPoint tsPoint = new LongPoint(TS, 0L);
    private final NumericDocValuesField tsValue = new NumericDocValuesField(TS, 0L);
    private final SortedDocValuesField origin = new SortedDocValuesField(ORIGIN, new BytesRef());
    private final NumericDocValuesField seq = new NumericDocValuesField(SEQ, 0L);
    private final NumericDocValuesField content = new NumericDocValuesField(CONTENT, 0L);
    private final StringField host = new StringField(HOST, new BytesRef(), Field.Store.NO);
    private final StringField app = new StringField(APP, new BytesRef(), Field.Store.NO);
    private final IntPoint severity = new IntPoint(SEVERITY, 0);
    private final SortedDocValuesField hostGroup = new SortedDocValuesField(HOST_GROUP, new BytesRef());
    private final SortedDocValuesField appGroup = new SortedDocValuesField(APP_GROUP, new BytesRef());
    private final NumericDocValuesField severityGroup = new NumericDocValuesField(SEVERITY_GROUP, 0L);
    private final Field trigramField = new Field(TRIGRAMS, trigrams, TRIGRAM_TYPE);
    private final StringField longMark = new StringField(LONG, LONG_MARK, Field.Store.NO);
    private final StoredField stored = new StoredField(EVENT, new BytesRef());
    private final NumericDocValuesField at = new NumericDocValuesField(AT, 0L);
    private String lastOrigin;
    private BytesRef originBytes;
    private final Map<String, BytesRef> keywords = new HashMap<>();  // hosts and apps repeat: encode each once

    /**
     * The document for an event; {@code bytes[offset, offset + len)} is its encoding and must stay
     * unchanged until it is added.
     *
     * @param address where the record is in the journal, or -1 to store the record in the index
     */
    Document build(Event e, byte[] bytes, int offset, int len, long address) {
        Document doc = new Document();
        long key = TimeKey.of(e.ts());
        tsPoint.setLongValue(key);
        tsValue.setLongValue(key);
        String o = e.origin() == null ? "" : e.origin();
        if (!o.equals(lastOrigin)) {  // nearly always the same origin as the document before
            lastOrigin = o;
            originBytes = new BytesRef(o);
        }
        origin.setBytesValue(originBytes);
        seq.setLongValue(e.seq());
        content.setLongValue(ContentHash.of(e));
        BytesRef hostBytes = keyword(e.host());
        host.setBytesValue(hostBytes);
        hostGroup.setBytesValue(hostBytes);
        severity.setIntValue(e.severity().code());
        severityGroup.setLongValue(e.severity().code());
        doc.add(tsPoint);
        doc.add(tsValue);
        doc.add(origin);
        doc.add(seq);
        doc.add(content);
        doc.add(host);
        doc.add(hostGroup);
        if (e.app() != null) {
            BytesRef appBytes = keyword(e.app());
            app.setBytesValue(appBytes);
            appGroup.setBytesValue(appBytes);
            doc.add(app);
            doc.add(appGroup);
        }
        doc.add(severity);
        doc.add(severityGroup);
        if (trigrams.setMessage(e.msg())) {
            doc.add(longMark);
        }
        doc.add(trigramField);
        if (EventFields.any(e)) {
            addFields(doc, EventFields.of(e), HostSamples.isSample(e));
        }
        if (address >= 0) {
            at.setLongValue(address);
            doc.add(at);
        } else {
            stored.setBytesValue(new BytesRef(bytes, offset, len));
            doc.add(stored);
        }
        return doc;
    }

    /** The prefix of a sample's numbers' own doc values: {@code stat.cpu_total.physique.user_pct}. */
    public static final String STAT_PREFIX = "stat.";

    /**
     * @param sample a host-statistics sample ({@link HostSamples}): each name's first number also gets a
     *               NumericDocValues field of its own, so aggregations read it in O(1) and never parse JSON.
     *               Only samples: their names are few and repeat, where arbitrary JSON could have unbounded ones
     */
    private static void addFields(Document doc, List<EventFields.Value> values, boolean sample) {
        Set<String> names = new HashSet<>();
        Set<String> listed = new HashSet<>();
        Set<String> unlisted = new HashSet<>();
        Set<String> numbered = new HashSet<>();
        for (EventFields.Value v : values) {
            if (names.add(v.name())) {
                doc.add(new StringField(FIELD_NAME, v.name(), Field.Store.NO));
                doc.add(new SortedSetDocValuesField(FIELD_NAMES, new BytesRef(v.name())));
            }
            if (v.numeric()) {
                long sortable = NumericUtils.doubleToSortableLong(v.number());
                doc.add(new LongPoint(FIELD_NUMBER, fieldNameHash(v.name()), sortable));
                if (sample && numbered.add(v.name())) {
                    doc.add(new NumericDocValuesField(STAT_PREFIX + v.name(), sortable));
                }
            }
            if (listed(v)) {
                String text = fieldText(v.name(), v.text());
                if (listed.add(text)) {
                    doc.add(new StringField(FIELD_TEXT, text, Field.Store.NO));
                    doc.add(new SortedSetDocValuesField(FIELD_VALUES, new BytesRef(text)));
                }
            } else if (unlisted.add(v.name())) {
                doc.add(new SortedSetDocValuesField(FIELD_UNLISTED, new BytesRef(v.name())));
            }
        }
    }

    /** Whether a value has a term and is in the value lists: text or a whole number, short enough. */
    private static boolean listed(EventFields.Value v) {
        if (v.numeric()) {
            for (int i = 0; i < v.text().length(); i++) {
                char c = v.text().charAt(i);
                if (c == '.' || c == 'e' || c == 'E') {
                    return false;
                }
            }
        }
        return fieldTextIndexed(v.text());
    }

    /** The first dimension of a field's numeric points. */
    public static long fieldNameHash(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return StringHelper.murmurhash3_x86_32(b, 0, b.length, 0);
    }

    /** Whether a field's text value is short enough to have its own term. */
    public static boolean fieldTextIndexed(String text) {
        return UnicodeUtil.calcUTF16toUTF8Length(text, 0, text.length()) <= MAX_FIELD_TEXT_BYTES;
    }

    /** The term of a field's text value. */
    public static String fieldText(String name, String text) {
        return name + '\0' + text;
    }

    private BytesRef keyword(String value) {
        BytesRef b = keywords.get(value);
        if (b == null) {
            if (keywords.size() >= MAX_KEYWORDS) {
                keywords.clear();
            }
            b = new BytesRef(value);
            keywords.put(value, b);
        }
        return b;
    }
}
