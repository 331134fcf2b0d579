package dev.logq.store.internal.search;

import java.io.IOException;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFields;

/**
 * How a cursor reads one segment's stored events. Lucene keeps them in compressed chunks of a few
 * thousand events, each in sub-blocks it can decompress alone; its usual reader decompresses, for every
 * event asked for, the part of the chunk that holds it. When many events of a chunk are wanted (a common
 * phrase) that repeats most of the work for each one. The reader Lucene itself uses for merges
 * decompresses the whole chunk once and keeps it; it is not thread-safe, which a cursor (one thread)
 * does not need. Measured on 3M events: with one candidate in 4 documents the merge reader is 7x
 * faster (13 s -> 1.8 s); with one in 172, the usual reader is about 2x faster.
 */
final class StoredEvents {

    /** Below one candidate in this many documents, candidates are sparse. */
    static final int SPARSE = 64;

    private StoredEvents() {}

    /** Stored fields for reading about {@code candidates} of the reader's documents, in any order. */
    static StoredFields open(LeafReader reader, long candidates) throws IOException {
        if (reader instanceof CodecReader codec && candidates * SPARSE >= reader.maxDoc()) {
            return codec.getFieldsReader().getMergeInstance();
        }
        return reader.storedFields();
    }
}
