package dev.logq.collector.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The logq_host_* gauges: each sample's main values, per host, the latest winning; other events make none. */
class HostGaugesTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HostGauges gauges = new HostGauges(registry);

    static Event event(String host, String app, String fields, long second) {
        Instant ts = Instant.ofEpochSecond(second);
        return new Event(ts, ts, host, app, null, null, Facility.LOCAL1, Severity.INFO, fields == null ? "x" : fields, Map.of(), fields,
                null, Event.NO_SEQ, "test");
    }

    static String sample(double user, int busy) {
        return "{\"cpu_total\":{\"physique\":{\"user_pct\":" + user + ",\"sys_pct\":2.5,\"wait_pct\":0.0,\"idle_pct\":80.0},"
                + "\"load_average\":{\"T0\":0.75}},\"memory\":{\"real_total\":2048,\"real_free\":512},"
                + "\"disks\":{\"vda\":{\"busy_pct\":" + busy + "}},\"fs\":{\"dev_vda1\":{\"mount\":\"/\",\"free_pct\":61}},"
                + "\"intfs\":{\"eth0\":{\"in\":{\"bytes_s\":1000},\"out\":{\"bytes_s\":250}}},\"server\":\"web1\"}";
    }

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void theLatestSampleOfEachHostSetsItsGauges() {
        gauges.observe(List.of(event("web1", "logq-perfmon", sample(17.5, 3), 100), event("db1", "jsonperfmon", sample(40, 90), 100)));
        gauges.observe(List.of(event("web1", "logq-perfmon", sample(12.0, 4), 110)));

        assertEquals(12.0, gauge("logq_host_cpu_pct", "host", "web1", "kind", "user"));
        assertEquals(40.0, gauge("logq_host_cpu_pct", "host", "db1", "kind", "user"));
        assertEquals(80.0, gauge("logq_host_cpu_pct", "host", "web1", "kind", "idle"));
        assertEquals(0.75, gauge("logq_host_load1", "host", "web1"));
        assertEquals(512.0, gauge("logq_host_memory_mb", "host", "web1", "kind", "free"));
        assertEquals(4.0, gauge("logq_host_disk_busy_pct", "host", "web1", "disk", "vda"));
        assertEquals(61.0, gauge("logq_host_fs_free_pct", "host", "web1", "fs", "/"));
        assertEquals(250.0, gauge("logq_host_net_bytes_per_second", "host", "web1", "intf", "eth0", "dir", "out"));
        assertEquals(110.0, gauge("logq_host_sample_time_seconds", "host", "web1"));
    }

    @Test
    void otherEventsAndSamplesThatAreNotJsonMakeNoGauge() {
        gauges.observe(List.of(event("web1", "nginx", sample(1, 1), 1), event("web2", "jsonperfmon", null, 1)));

        assertNull(registry.find("logq_host_cpu_pct").gauge());
    }
}
