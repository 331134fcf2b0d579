package dev.logq.collector.internal.replication;

import dev.logq.collector.internal.ingest.DiskFloor;
import dev.logq.store.Store;
import dev.logq.store.model.Event;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the receiving side of replication needs of the store; tests give a list. */
interface ReplicaStore {

    /** This node's name. */
    String node();

    /** The highest seq stored per origin. */
    Map<String, Long> highWaterMarks();

    /**
     * Appends events a peer sent, dropping those already stored (see {@link Store#appendReplicated});
     * completes with how many were new, once they are in the journal.
     */
    CompletableFuture<Integer> appendReplicated(List<Event> events);

    /** The store, behind the disk floor: below it, appends are refused as busy, as for clients' events. */
    static ReplicaStore of(Store store, DiskFloor floor) {
        return new ReplicaStore() {
            @Override
            public String node() {
                return store.node();
            }

            @Override
            public Map<String, Long> highWaterMarks() {
                return store.highWaterMarks();
            }

            @Override
            public CompletableFuture<Integer> appendReplicated(List<Event> events) {
                return floor.unlessFull(() -> store.appendReplicated(events));
            }
        };
    }
}
