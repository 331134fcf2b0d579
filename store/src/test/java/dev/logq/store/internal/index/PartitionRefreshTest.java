package dev.logq.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents become searchable by the periodic refresh however it interleaves with the indexer. */
class PartitionRefreshTest {

    @TempDir
    Path dir;

    @Test
    void aRefreshBetweenHandingOutTheWriterAndAddingDoesNotStrandTheDocuments() throws IOException {
        PartitionScheme scheme = new PartitionScheme(Duration.ofDays(1));
        Partition p = Partition.open(scheme, 0, dir.resolve("p"), 16);
        try {
            IndexWriter writer = p.writerForAdding();
            p.refreshIfDue();  // the timer fires before the indexer has added anything
            writer.addDocument(doc(1));
            writer.addDocument(doc(2));
            p.added(2);
            p.refreshIfDue();
            assertEquals(2, searchable(p));
        } finally {
            p.close();
        }
    }

    private static int searchable(Partition p) throws IOException {
        IndexSearcher searcher = p.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            p.release(searcher);
        }
    }

    private static Document doc(long seq) {
        Document d = new Document();
        d.add(new NumericDocValuesField(EventDocument.TS, seq));
        d.add(new SortedDocValuesField(EventDocument.ORIGIN, new BytesRef("n1")));
        d.add(new NumericDocValuesField(EventDocument.SEQ, seq));
        d.add(new StringField(EventDocument.HOST, "h", Field.Store.NO));
        return d;
    }
}
