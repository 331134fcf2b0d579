package dev.logq.store;

/**
 * A snapshot of a store's positions, for {@code /healthz} and metrics.
 *
 * @param node            this node's name
 * @param ready           journal and index are open and the indexer is running
 * @param lastSeq         the last sequence number this node gave an event, -1 if none yet
 * @param journalEvents   events in the journal (all origins), counted since open and recovered on restart
 * @param indexedEvents   of those, how many the indexer has added
 * @param indexLag        journal entries not yet indexed
 * @param journalBytes    size of the journal's files
 * @param indexBytes      size of the index partitions' files
 * @param partitions      number of index partitions on disk
 * @param diskFreeBytes   usable space on the data directory's file system
 */
public record StoreStatus(
        String node,
        boolean ready,
        long lastSeq,
        long journalEvents,
        long indexedEvents,
        long indexLag,
        long journalBytes,
        long indexBytes,
        int partitions,
        long diskFreeBytes) {}
