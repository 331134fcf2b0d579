package dev.logq.collector.internal.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What this node received from peers: {@code logq_replication_received_events_total{origin}} (as sent,
 * resends included), {@code logq_replication_stored_events_total{origin}} (new to this node),
 * {@code logq_replication_gaps_total{peer,side="receiver"}} and their missing events,
 * {@code logq_replication_refused_total{reason}}, and {@code logq_replication_delay_seconds}, from the
 * origin receiving an event to this node having it in its journal: p50 and p99 of the last minute, and
 * cumulative buckets ({@code _bucket{le}}) from 1 ms to 10 s.
 */
final class ReceiverMetrics {

    /** The delay histogram's bucket bounds: counts since start, so a benchmark can take percentiles over any span. */
    static final List<Long> SLO_MILLIS = List.of(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);

    private final MeterRegistry registry;
    private final Timer delay;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    ReceiverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.delay = Timer.builder("logq.replication.delay")
                .description("from the origin receiving an event to this node having it in its journal")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .serviceLevelObjectives(SLO_MILLIS.stream().map(Duration::ofMillis).toArray(Duration[]::new))
                .register(registry);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + tag + "|" + value,
                k -> Counter.builder(name).description(description).tag(tag, value).register(registry));
    }

    void received(String origin, int events) {
        counter("logq.replication.received.events", "events peers sent this node, resends included", "origin", origin).increment(events);
    }

    void stored(String origin, int events) {
        counter("logq.replication.stored.events", "events from peers new to this node", "origin", origin).increment(events);
    }

    void refused(String reason) {
        counter("logq.replication.refused", "replication connections refused or ended for a bad frame", "reason", reason).increment();
    }

    void gap(String peer, long events) {
        Gaps.count(registry, counters, peer, "receiver", events);
    }

    void delay(Duration d) {
        delay.record(d.isNegative() ? Duration.ZERO : d);
    }
}
