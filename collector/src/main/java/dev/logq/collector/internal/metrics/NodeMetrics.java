package dev.logq.collector.internal.metrics;

import dev.logq.store.Store;
import dev.logq.store.StoreStatus;
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
import java.util.function.ToDoubleFunction;

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
