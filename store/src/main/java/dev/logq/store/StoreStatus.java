package dev.logq.store;

import java.util.List;

/**
 * A snapshot of a store's positions, for {@code /healthz} and metrics.
 *
 * @param node            this node's name
 * @param ready           journal and index are open and the indexer is running (not retrying after a failure)
 * @param lastSeq         the last sequence number this node gave an event, -1 if none yet
 * @param journalEvents   events in the journal files on disk (all origins)
 * @param indexedEvents   of those, how many the indexer has read (indexed, or skipped as past retention)
 * @param indexLag        journal entries not yet read by the indexer
 * @param pendingAppends  events handed to {@link Store#append} or {@link Store#appendReplicated} and not yet written
 * @param journalBytes    size of the journal's files
 * @param indexBytes      size of the index partitions' files
 * @param partitions      number of index partitions on disk
 * @param diskFreeBytes   usable space on the data directory's file system
 * @param rebuilding      index partitions found corrupt at open, moved aside and being rebuilt from the journal
 *                        (searches do not find their events until then); empty normally
 */
public record StoreStatus(
        String node,
        boolean ready,
        long lastSeq,
        long journalEvents,
        long indexedEvents,
        long indexLag,
        long pendingAppends,
        long journalBytes,
        long indexBytes,
        int partitions,
        long diskFreeBytes,
        List<String> rebuilding) {}
