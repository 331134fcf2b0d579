package dev.logq.store.internal.index;

import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.openhft.chronicle.bytes.Bytes;
import org.apache.lucene.index.IndexWriter;

/**
 * One batch of journal records on their way into the index: the indexer thread reads and decodes them
 * and picks each one's partition; then the documents are added by two threads at once if the machine
 * has two cores and the batch is big enough to be worth it.
 *
 * <p>Why: adding a document costs about 250 trigram terms in Lucene's in-memory postings and is nearly
 * all of the indexing cost; one thread manages around half of the 50k events/s target on a 2-core
 * machine. IndexWriter takes documents from several threads (one in-memory segment per thread), so
 * splitting the batch roughly doubles the rate. The batch stays the unit of progress: the indexer
 * moves its position past a batch only after all of its documents are added, which keeps the
 * exactly-once reasoning of {@link Indexer} unchanged.
 */
final class IndexBatch implements AutoCloseable {

    private static final int PARALLEL_MIN = 256;
    private static final int INITIAL_ARENA = 1 << 20;
    private static final int FULL_ARENA = 8 << 20;

    private record Item(Event event, int offset, int length, long address, IndexWriter writer) {}

    private final List<Item> items = new ArrayList<>();
    private final EventDocument mine = new EventDocument();
    private final EventDocument helpers = new EventDocument();
    private final ExecutorService helper;
    private byte[] arena = new byte[INITIAL_ARENA];
    private int used;

    IndexBatch(int threads) {
        this.helper = threads > 1
                ? Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("logq-indexer-helper").daemon().unstarted(LowPriority.of(r)))
                : null;
    }

    void clear() {
        items.clear();
        used = 0;
        if (arena.length > FULL_ARENA) {
            arena = new byte[INITIAL_ARENA];  // one batch of huge messages should not pin memory for good
        }
    }

    /** True once the batch holds enough bytes that it should be indexed before reading more. */
    boolean full() {
        return used >= FULL_ARENA;
    }

    /** Copies the excerpt's bytes into the batch; returns their offset for {@link #decode}. */
    int copy(Bytes<?> bytes) {
        int len = (int) bytes.readRemaining();
        if (used + len > arena.length) {
            // earlier items point into the old arena by offset: copy them along
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + len));
        }
        bytes.read(arena, used, len);
        int at = used;
        used += len;
        return at;
    }

    Event decode(int offset, int length) {
        return EventCodec.decode(arena, offset, length);
    }

    /** @param address where the record is in the journal, or -1 to store it in the index ({@link EventDocument}) */
    void add(Event e, int offset, int length, long address, IndexWriter writer) {
        items.add(new Item(e, offset, length, address, writer));
    }

    int size() {
        return items.size();
    }

    /** Adds every document of the batch; returns once all are added. */
    void index() throws IOException {
        int n = items.size();
        if (helper == null || n < PARALLEL_MIN) {
            addRange(0, n, mine);
            return;
        }
        int half = n / 2;
        Future<?> other = helper.submit(() -> {
            addRange(half, n, helpers);
            return null;
        });
        IOException failure = null;
        try {
            addRange(0, half, mine);
        } catch (IOException e) {
            failure = e;
        }
        try {
            other.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            IOException helperFailure = cause instanceof IOException io ? io : new IOException(cause);
            if (failure == null) {
                failure = helperFailure;
            } else {
                failure.addSuppressed(helperFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while indexing", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void addRange(int from, int to, EventDocument doc) throws IOException {
        for (int i = from; i < to; i++) {
            Item it = items.get(i);
            it.writer().addDocument(doc.build(it.event(), arena, it.offset(), it.length(), it.address()));
        }
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdown();
        }
    }
}
