package dev.logq.collector.internal.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logq.store.model.Event;
import dev.logq.store.model.HostSamples;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest value of the main host statistics of each host whose samples this node received
 * (logq-perfmon, jsonperfmon, its own {@code --self-stats}), as {@code logq_host_*} gauges on
 * {@code /metrics}, so Prometheus and Grafana can scrape a log server for them:
 *
 * <pre>
 * logq_host_cpu_pct{host,kind=user|sys|wait|idle}   cpu_total.physique.*_pct
 * logq_host_load1{host}                             cpu_total.load_average.T0
 * logq_host_memory_mb{host,kind=total|free}         memory.real_total, memory.real_free
 * logq_host_disk_busy_pct{host,disk}                disks.DISK.busy_pct
 * logq_host_fs_free_pct{host,fs}                    fs.FS.free_pct
 * logq_host_net_bytes_per_second{host,intf,dir}     intfs.INTF.in.bytes_s, .out.bytes_s
 * logq_host_sample_time_seconds{host}               the latest sample's time, to tell a quiet host
 * </pre>
 *
 * A gauge is made on a host's (disk's, interface's) first sample and then keeps its latest value. A
 * sample costs one parse of its fields, once a period per host.
 */
public final class HostGauges {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CPU = Map.of("user", "user_pct", "sys", "sys_pct", "wait", "wait_pct", "idle", "idle_pct");

    private final MeterRegistry registry;
    /** The value of each gauge, by its name and tags; doubles as raw long bits. */
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();

    public HostGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes the values of the batch's samples, on the way to the journal. */
    public void observe(List<Event> batch) {
        for (Event e : batch) {
            if (HostSamples.isSample(e)) {
                observe(e);
            }
        }
    }

    private void observe(Event e) {
        JsonNode s;
        try {
            s = JSON.readTree(e.fields());
        } catch (JsonProcessingException notJson) {
            return;
        }
        String host = e.host();
        JsonNode physique = s.path("cpu_total").path("physique");
        CPU.forEach((kind, field) -> set(physique.path(field), "logq_host_cpu_pct", "percent of CPU time", "host", host, "kind", kind));
        set(s.path("cpu_total").path("load_average").path("T0"), "logq_host_load1", "1-minute load average", "host", host);
        set(s.path("memory").path("real_total"), "logq_host_memory_mb", "memory, MiB", "host", host, "kind", "total");
        set(s.path("memory").path("real_free"), "logq_host_memory_mb", "memory, MiB", "host", host, "kind", "free");
        s.path("disks").properties().forEach(d -> set(d.getValue().path("busy_pct"), "logq_host_disk_busy_pct",
                "percent of time the disk was busy", "host", host, "disk", d.getKey()));
        s.path("fs").properties().forEach(f -> set(f.getValue().path("free_pct"), "logq_host_fs_free_pct",
                "percent of the file system available", "host", host, "fs", f.getValue().path("mount").asText(f.getKey())));
        s.path("intfs").properties().forEach(i -> {
            set(i.getValue().path("in").path("bytes_s"), "logq_host_net_bytes_per_second", "bytes a second", "host", host,
                    "intf", i.getKey(), "dir", "in");
            set(i.getValue().path("out").path("bytes_s"), "logq_host_net_bytes_per_second", "bytes a second", "host", host,
                    "intf", i.getKey(), "dir", "out");
        });
        set(JSON.getNodeFactory().numberNode(e.ts().getEpochSecond()), "logq_host_sample_time_seconds", "the latest sample's time",
                "host", host);
    }

    private void set(JsonNode value, String name, String help, String... tags) {
        if (!value.isNumber()) {
            return;
        }
        List<String> key = List.of(name, String.join("\u0000", tags));
        values.computeIfAbsent(key, k -> {
            AtomicLong bits = new AtomicLong();
            Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).description(help).tags(Tags.of(tags)).register(registry);
            return bits;
        }).set(Double.doubleToRawLongBits(value.doubleValue()));
    }
}
