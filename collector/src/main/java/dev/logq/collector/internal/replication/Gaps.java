package dev.logq.collector.internal.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentMap;

/**
 * Events that can no longer be replicated because retention deleted them before a peer had them, counted
 * on both sides: {@code logq_replication_gaps_total{peer,side}} (how many times) and
 * {@code logq_replication_gap_events_total{peer,side}} (how many events).
 */
final class Gaps {

    private Gaps() {}

    static void count(MeterRegistry registry, ConcurrentMap<String, Counter> counters, String peer, String side, long events) {
        counters.computeIfAbsent("gaps|" + peer + "|" + side, k -> Counter.builder("logq.replication.gaps")
                .description("times a peer could not get events retention had deleted").tag("peer", peer).tag("side", side)
                .register(registry)).increment();
        counters.computeIfAbsent("gap-events|" + peer + "|" + side, k -> Counter.builder("logq.replication.gap.events")
                .description("events a peer could not get because retention had deleted them").tag("peer", peer).tag("side", side)
                .register(registry)).increment(events);
    }
}
