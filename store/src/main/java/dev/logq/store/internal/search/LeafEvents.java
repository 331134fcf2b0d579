package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.model.Event;
import java.io.IOException;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;

/**
 * How a cursor reads the events of one segment's documents: from the journal at the address the
 * document keeps ({@link EventDocument#AT}), or, for the few documents that stored their record in the
 * index, from Lucene's stored fields.
 *
 * <p>Stored fields are kept in compressed chunks of a few thousand events. Lucene's usual reader
 * decompresses, for every event asked for, the part of the chunk that holds it; the reader it uses for
 * merges decompresses a whole chunk once and keeps it (not thread-safe, which a cursor, on one thread,
 * does not need). With one candidate in {@value #SPARSE} documents or more, the merge reader is used.
 */
final class LeafEvents {

    /** Below one candidate in this many documents, candidates are sparse. */
    static final int SPARSE = 64;

    private final LeafReader reader;
    private final ExcerptReader journal;
    private final long candidates;
    private final RecordVisitor record = new RecordVisitor();
    private NumericDocValues addresses;  // forward only: replaced when an earlier document is asked for
    private int lastDoc = -1;
    private StoredFields stored;  // opened when first needed

    /** @param candidates about how many of the reader's documents will be read, in any order */
    LeafEvents(LeafReader reader, ExcerptReader journal, long candidates) {
        this.reader = reader;
        this.journal = journal;
        this.candidates = candidates;
    }

    Event event(int doc) throws IOException {
        long address = address(doc);
        return address >= 0 ? journal.event(address) : EventCodec.decode(record.read(stored(), doc));
    }

    String message(int doc) throws IOException {
        long address = address(doc);
        if (address >= 0) {
            return journal.message(address);
        }
        byte[] b = record.read(stored(), doc);
        return EventCodec.message(b, 0, b.length);
    }

    private long address(int doc) throws IOException {
        if (addresses == null || doc <= lastDoc) {
            addresses = DocValues.getNumeric(reader, EventDocument.AT);
        }
        lastDoc = doc;
        return addresses.advanceExact(doc) ? addresses.longValue() : -1;
    }

    private StoredFields stored() throws IOException {
        if (stored == null) {
            stored = reader instanceof CodecReader codec && candidates * SPARSE >= reader.maxDoc()
                    ? codec.getFieldsReader().getMergeInstance()
                    : reader.storedFields();
        }
        return stored;
    }

    /** Reads the stored record of a document. */
    private static final class RecordVisitor extends StoredFieldVisitor {
        private byte[] value;

        byte[] read(StoredFields stored, int doc) throws IOException {
            value = null;
            stored.document(doc, this);
            if (value == null) {
                throw new IOException("document " + doc + " has neither a journal address nor a stored event (index not written by logq?)");
            }
            return value;
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
