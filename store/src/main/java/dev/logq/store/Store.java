package dev.logq.store;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A node's storage: the journal (source of truth), the time-partitioned index derived from it, the
 * query engine over the index, and retention. Thread-safe. This is the only type the collector
 * needs from this module besides the event model.
 */
public final class Store implements AutoCloseable {

    /**
     * Opens (creating if needed) the journal and index under {@code config.dataDir()}, starts the
     * indexer, which first catches up with whatever the journal holds beyond the index's recorded
     * position, and the retention task.
     *
     * @param clock the time used for "now": journal cycle roll, retention, default timestamps
     */
    public static Store open(StoreConfig config, InstantSource clock) throws IOException {
        throw new UnsupportedOperationException("TODO: store");
    }

    /**
     * Appends events received by this node, in order, giving each the identity (this node, next
     * sequence number). The future completes once all are in the journal (they are then
     * "acknowledged" in DESIGN.md's sense), with the last sequence number given; it completes
     * exceptionally if they could not be appended, and then none of them is acknowledged.
     */
    public CompletableFuture<Long> append(List<Event> events) {
        throw new UnsupportedOperationException("TODO: store");
    }

    /** Streams the events matching the query to the sink, in the query's order, at most its limit. */
    public void search(Query query, EventSink sink) throws IOException {
        throw new UnsupportedOperationException("TODO: store");
    }

    /** Counts the events matching the query (ignoring its limit and order), per origin node. */
    public Map<String, Long> count(Query query) throws IOException {
        throw new UnsupportedOperationException("TODO: store");
    }

    public StoreStatus status() {
        throw new UnsupportedOperationException("TODO: store");
    }

    /** Stops taking appends, waits for those in flight, commits the index and closes everything. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO: store");
    }
}
