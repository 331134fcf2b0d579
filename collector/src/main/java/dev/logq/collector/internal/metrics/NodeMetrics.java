package dev.logq.collector.internal.metrics;

import dev.logq.store.Store;
import dev.logq.store.model.RetentionTotals;
import dev.logq.store.StoreStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Gauges of the node as a whole: JVM and process memory, and the store's positions. The store's
 * status is read at most once a second however many gauges ask for it, since it walks directories.
 */
public final class NodeMetrics implements AutoCloseable {

    private static final long STATUS_TTL_NANOS = 1_000_000_000L;
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Store store;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private StoreStatus cached;
    private long cachedAt;

    public NodeMetrics(MeterRegistry registry, Store store) {
        this.store = store;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("process.resident.memory", this, m -> residentBytes()).baseUnit("bytes")
                .description("resident set size of logqd (heap, direct buffers, mapped journal pages)").register(registry);
        storeGauge(registry, "logq.index.lag", "journal entries not indexed yet", s -> s.indexLag());
        storeGauge(registry, "logq.journal.size", "bytes in journal files", s -> s.journalBytes());
        storeGauge(registry, "logq.journal.pending", "events received and not yet written to the journal (its lag)", s -> s.pendingAppends());
        storeGauge(registry, "logq.index.size", "bytes in index partitions", s -> s.indexBytes());
        storeGauge(registry, "logq.index.partitions", "index partitions on disk", s -> s.partitions());
        storeGauge(registry, "logq.disk.free", "usable bytes on the data directory's file system", s -> s.diskFreeBytes());
        storeGauge(registry, "logq.journal.last.seq", "last sequence number given by this node", s -> s.lastSeq());
        Gauge.builder("logq.retention.budget", store, s -> s.retentionTotals().budgetBytes()).baseUnit("bytes")
                .description("bytes the journal and index may hold together (--retain-bytes), 0 for no limit").register(registry);
        retentionCounter(registry, "partition", "age", RetentionTotals::partitionsByAge);
        retentionCounter(registry, "partition", "size", RetentionTotals::partitionsBySize);
        retentionCounter(registry, "journal_cycle", "age", RetentionTotals::cyclesByAge);
        retentionCounter(registry, "journal_cycle", "size", RetentionTotals::cyclesBySize);
        for (String reason : List.of("age", "size")) {
            FunctionCounter.builder("logq.retention.deleted.bytes", store, s -> reason.equals("age")
                            ? s.retentionTotals().bytesByAge() : s.retentionTotals().bytesBySize())
                    .baseUnit("bytes").tag("reason", reason)
                    .description("bytes of journal and index data retention deleted, by the limit that did (--retention, --retain-bytes)")
                    .register(registry);
        }
    }

    private void retentionCounter(MeterRegistry registry, String what, String reason, ToLongFunction<RetentionTotals> count) {
        FunctionCounter.builder("logq.retention.deleted", store, s -> count.applyAsLong(s.retentionTotals()))
                .tag("what", what).tag("reason", reason)
                .description("journal cycles and index partitions retention deleted, by the limit that did (--retention, --retain-bytes)")
                .register(registry);
    }

    private void storeGauge(MeterRegistry registry, String name, String description, ToDoubleFunction<StoreStatus> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.status())).description(description).register(registry);
    }

    private synchronized StoreStatus status() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt > STATUS_TTL_NANOS) {
            cached = store.status();
            cachedAt = now;
        }
        return cached;
    }

    /** VmRSS from /proc/self/status, in bytes; NaN where there is no /proc. */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a format we do not know: report nothing rather than a wrong number
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        gc.close();
    }
}
