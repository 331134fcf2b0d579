package dev.logq.collector.internal.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections on one listener: one more is closed as soon as it is accepted,
 * before its pipeline is built (so no handler ever sees it), counted in
 * {@code logq_connections_refused_total}, and logged at most once a minute.
 */
public final class ConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final String option;
    private volatile int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final Counter refused;

    public ConnectionLimit(MeterRegistry registry, String listener, String option, int max) {
        this.option = option;
        this.max = max;
        this.refused = Counter.builder("logq.connections.refused").description("connections closed at once: the listener had --max-connections open")
                .tag("listener", listener).register(registry);
    }

    /** A new limit (SIGHUP), for the connections accepted from now on; open ones stay. */
    public void setMax(int max) {
        this.max = max;
    }

    /** Counts an accepted connection in until it closes; false (and closes it) if the listener is full. */
    public boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                log.warn("{} has {} connections open, the most --max-connections allows; closing new ones "
                        + "(counted in logq_connections_refused_total)", option, max);
            }
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }
}
