package dev.logq.collector.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counters of one listener ({@code syslog-tcp}, {@code syslog-udp}, ...), all tagged
 * {@code listener=<name>}. In Prometheus form: {@code logq_events_received_total},
 * {@code logq_events_stored_total}, {@code logq_events_rejected_total{reason}},
 * {@code logq_events_truncated_total}, {@code logq_events_unparsed_total},
 * {@code logq_events_invalid_utf8_total}, {@code logq_bytes_received_total},
 * {@code logq_connections_opened_total}, {@code logq_connections_active}.
 */
public final class ListenerMetrics {

    private final MeterRegistry registry;
    private final String listener;
    private final Counter received;
    private final Counter stored;
    private final Counter truncated;
    private final Counter unparsed;
    private final Counter invalidUtf8;
    private final Counter bytes;
    private final Counter connectionsOpened;
    private final AtomicInteger connectionsActive = new AtomicInteger();
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

    public ListenerMetrics(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        this.received = counter("logq.events.received", "events decoded from the wire");
        this.stored = counter("logq.events.stored", "events appended to the journal");
        this.truncated = counter("logq.events.truncated", "messages cut to the maximum message size");
        this.unparsed = counter("logq.events.unparsed", "lines that were neither RFC 3164 nor RFC 5424, stored verbatim");
        this.invalidUtf8 = counter("logq.events.invalid_utf8", "messages with bytes that are not UTF-8, stored with U+FFFD");
        this.bytes = counter("logq.bytes.received", "bytes read from the wire");
        this.connectionsOpened = counter("logq.connections.opened", "connections accepted");
        registry.gauge("logq.connections.active", Tags.of("listener", listener), connectionsActive);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tag("listener", listener).register(registry);
    }

    public String listener() {
        return listener;
    }

    public void received(int events) {
        received.increment(events);
    }

    public void stored(int events) {
        stored.increment(events);
    }

    public void truncated() {
        truncated.increment();
    }

    public void unparsed() {
        unparsed.increment();
    }

    public void invalidUtf8() {
        invalidUtf8.increment();
    }

    public void bytes(long count) {
        bytes.increment(count);
    }

    /** An event, frame or request refused; {@code reason} is a short fixed word such as {@code journal}. */
    public void rejected(String reason, int events) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("logq.events.rejected")
                        .description("events refused or lost, by reason")
                        .tag("listener", listener).tag("reason", r).register(registry))
                .increment(events);
    }

    public void connectionOpened() {
        connectionsOpened.increment();
        connectionsActive.incrementAndGet();
    }

    public void connectionClosed() {
        connectionsActive.decrementAndGet();
    }
}
