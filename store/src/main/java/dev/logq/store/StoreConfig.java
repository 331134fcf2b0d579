package dev.logq.store;

import dev.logq.store.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Store} lays out and keeps its data. Built once, validated here, then never changed.
 *
 * @param dataDir          everything lives under it: {@code journal/} and {@code index/}
 * @param node             this node's name, the {@code origin} of the events it receives
 * @param partitionPeriod  one Lucene index per this much event time (default 1 day; 1 hour .. 31 days,
 *                         and a whole number of hours)
 * @param retention        delete journal cycles and index partitions older than this, or null to keep all
 * @param refreshInterval  how often new events become searchable (default 250 ms; 10 ms .. 10 s); while more than
 *                         10,000 events arrive per refresh, at most once a second (fewer, larger segments)
 * @param commitInterval   how often the index commits and records its journal position (default 5 s)
 * @param indexRamBufferMb Lucene's RAM buffer before it flushes a segment (default 32 MB)
 * @param retainBytes      delete the oldest journal cycles and partitions while the two together hold more than
 *                         this many bytes; 0 for no size limit, {@link #RETAIN_HALF_THE_DISK} for half the data
 *                         disk's size, chosen when the store is first opened and kept from then on
 */
public record StoreConfig(
        Path dataDir,
        String node,
        Duration partitionPeriod,
        Duration retention,
        Duration refreshInterval,
        Duration commitInterval,
        int indexRamBufferMb,
        long retainBytes) {

    public static final Duration DEFAULT_PARTITION = Duration.ofDays(1);
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(250);
    public static final Duration DEFAULT_COMMIT = Duration.ofSeconds(5);
    public static final int DEFAULT_RAM_BUFFER_MB = 32;
    public static final long RETAIN_HALF_THE_DISK = -1;
    /** The smallest size budget: a few partitions and journal cycles of a quiet node. */
    public static final long MIN_RETAIN_BYTES = 64L << 20;

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(node, "node");
        partitionPeriod = partitionPeriod == null ? DEFAULT_PARTITION : partitionPeriod;
        refreshInterval = refreshInterval == null ? DEFAULT_REFRESH : refreshInterval;
        commitInterval = commitInterval == null ? DEFAULT_COMMIT : commitInterval;
        indexRamBufferMb = indexRamBufferMb == 0 ? DEFAULT_RAM_BUFFER_MB : indexRamBufferMb;
        if (!Event.isNodeName(node)) {
            throw new IllegalArgumentException("node name '" + node + "' must be 1-63 letters, digits, '.', '_' or '-'");
        }
        if (partitionPeriod.compareTo(Duration.ofHours(1)) < 0 || partitionPeriod.compareTo(Duration.ofDays(31)) > 0
                || partitionPeriod.toMinutesPart() != 0 || partitionPeriod.toSecondsPart() != 0 || partitionPeriod.toNanosPart() != 0) {
            throw new IllegalArgumentException("partition period " + partitionPeriod + " must be whole hours between 1h and 31d");
        }
        if (retention != null && retention.compareTo(partitionPeriod) < 0) {
            throw new IllegalArgumentException("retention " + retention + " must be at least the partition period " + partitionPeriod);
        }
        if (refreshInterval.compareTo(Duration.ofMillis(10)) < 0 || refreshInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("refresh interval " + refreshInterval + " must be between 10ms and 10s");
        }
        if (commitInterval.compareTo(Duration.ofMillis(100)) < 0 || commitInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("commit interval " + commitInterval + " must be between 100ms and 10m");
        }
        if (retainBytes != RETAIN_HALF_THE_DISK && retainBytes != 0 && retainBytes < MIN_RETAIN_BYTES) {
            throw new IllegalArgumentException("retain bytes " + retainBytes + " must be at least " + MIN_RETAIN_BYTES + " (64m), or 0 for no limit");
        }
        if (indexRamBufferMb < 4 || indexRamBufferMb > 1024) {
            throw new IllegalArgumentException("index RAM buffer " + indexRamBufferMb + " MB must be between 4 and 1024");
        }
    }

    /** The defaults for everything but where and who. */
    public static StoreConfig of(Path dataDir, String node) {
        return new StoreConfig(dataDir, node, null, null, null, null, 0, 0);
    }
}
