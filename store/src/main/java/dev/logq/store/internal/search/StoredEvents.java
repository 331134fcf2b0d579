package dev.logq.store.internal.search;

import java.io.IOException;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFields;

/**
 * How a cursor reads one segment's stored events. Lucene keeps them in compressed blocks of a few
 * hundred events, and its usual reader decompresses a block from its start up to the event asked for,
 * for every event. When many events of a block are wanted (a common phrase), that is most of the cost
 * of a search. The reader Lucene itself uses for merges keeps the last block decompressed, so each
 * block is decompressed once; it is not thread-safe, which a cursor (one thread) does not need.
 * Where candidates are sparse, most blocks hold one, and the usual reader's partial decompression is
 * cheaper.
 */
final class StoredEvents {

    /** Below one candidate in this many documents, candidates are sparse. */
    static final int SPARSE = 128;

    private StoredEvents() {}

    /** Stored fields for reading about {@code candidates} of the reader's documents, in any order. */
    static StoredFields open(LeafReader reader, long candidates) throws IOException {
        if (reader instanceof CodecReader codec && candidates * SPARSE >= reader.maxDoc()) {
            return codec.getFieldsReader().getMergeInstance();
        }
        return reader.storedFields();
    }
}
