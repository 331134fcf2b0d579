package dev.logq.collector.internal.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * One peer's sending side, all tagged {@code peer=<name>}: {@code logq_replication_connected},
 * {@code logq_replication_acked_seq}, {@code logq_replication_lag_events},
 * {@code logq_replication_lag_seconds} and {@code logq_replication_sent_bytes_total}. Removed when the
 * peer leaves the peer list.
 */
final class PeerMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Counter bytes;
    private final List<Meter> meters;

    PeerMetrics(MeterRegistry registry, String peer, PeerLink link) {
        this.registry = registry;
        this.bytes = Counter.builder("logq.replication.sent.bytes").description("bytes of batches sent to the peer, compressed")
                .tag("peer", peer).register(registry);
        this.meters = List.of(bytes,
                Gauge.builder("logq.replication.connected", link, l -> l.connected() ? 1 : 0)
                        .description("1 while this node is sending to the peer").tag("peer", peer).register(registry),
                Gauge.builder("logq.replication.acked.seq", link, PeerLink::peerHas)
                        .description("the highest seq of this node's events the peer holds").tag("peer", peer).register(registry),
                Gauge.builder("logq.replication.lag.events", link, PeerLink::lagEvents)
                        .description("this node's events the peer does not hold yet").tag("peer", peer).register(registry),
                Gauge.builder("logq.replication.lag.seconds", link, PeerLink::lagSeconds)
                        .description("how long ago this node received the oldest event the peer does not hold yet")
                        .tag("peer", peer).register(registry));
    }

    void sent(long n) {
        bytes.increment(n);
    }

    long sentBytes() {
        return (long) bytes.count();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
