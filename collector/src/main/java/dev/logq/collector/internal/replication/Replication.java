package dev.logq.collector.internal.replication;

import dev.logq.collector.internal.ingest.DiskFloor;
import dev.logq.collector.internal.net.Tls;
import dev.logq.collector.internal.net.Transport;
import dev.logq.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication between log servers: every node sends each peer the events it received from clients (its
 * own origin), and stores what peers send it. Events keep their identity {@code (origin, seq)}, are
 * forwarded only by their origin (so nothing loops, whatever the topology), and a peer's high-water mark
 * per origin makes a resent batch stored once. See {@link Frame} for the protocol, docs/replication.md
 * for the whole design.
 *
 * <p>Costs: one thread per peer while connected (reading the journal and sending), the event loops for
 * the connections, about {@value Streamer#WINDOW} batches of up to 256 KiB per peer in flight, and one
 * thread that saves the cursors every second.
 */
public final class Replication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

    private final Store store;
    private final DiskFloor floor;
    private final Tls tls;
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final Bootstrap bootstrap;
    private final Receivers receivers;
    private final ConcurrentMap<String, PeerLink> links = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> gapCounters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("logq-replication-cursors").daemon().unstarted(r));
    private volatile Map<String, PeerAddress> peers = Map.of();
    private volatile boolean warnedDiskShort;

    /**
     * @param tls       mutual TLS for connections between peers (server and client side), or null for plain TCP
     * @param busyRetry how soon a batch the busy journal refused is offered again
     */
    public Replication(Store store, DiskFloor floor, Tls tls, Transport transport, EventLoopGroup workers, MeterRegistry registry,
            InstantSource clock, Duration busyRetry) {
        this.store = store;
        this.floor = floor;
        this.tls = tls;
        this.registry = registry;
        this.clock = clock;
        this.bootstrap = new Bootstrap().group(workers).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        this.receivers = new Receivers(ReplicaStore.of(store, floor), () -> peers.keySet(), new ReceiverMetrics(registry), clock, busyRetry);
        this.receivers.onConnected(this::peerIsUp);
    }

    /** The pipeline of a connection from a peer, for the replication listener. */
    public Receivers receivers() {
        return receivers;
    }

    /** Starts sending to the peers, and forgets the cursors of peers no longer listed. */
    public synchronized void start(List<PeerAddress> initial) {
        update(initial);
        for (String known : store.replicationCursors().peers()) {
            if (!peers.containsKey(known)) {
                log.info("replication: {} is no longer a peer; forgetting how far it had got", known);
                store.replicationCursors().forget(known);
            }
        }
        long every = SAVE_EVERY.toMillis();
        saver.scheduleWithFixedDelay(this::saveCursors, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a new peer list (kill -HUP): new peers get every event they are owed from this node, peers
     * whose address changed are reconnected, removed ones are disconnected and forgotten.
     */
    public synchronized void update(List<PeerAddress> list) {
        Map<String, PeerAddress> next = new LinkedHashMap<>();
        list.forEach(p -> next.put(p.name(), p));
        Map<String, PeerAddress> before = peers;
        peers = Collections.unmodifiableMap(new TreeMap<>(next));  // by name: /healthz and logq nodes list them so
        for (PeerAddress old : before.values()) {
            if (!old.equals(next.get(old.name()))) {
                PeerLink link = links.remove(old.name());
                if (link != null) {
                    link.close();
                }
                if (!next.containsKey(old.name())) {
                    log.info("replication: {} left the peer list; disconnecting and forgetting it", old.name());
                    receivers.forget(old.name());
                    store.replicationCursors().forget(old.name());
                }
            }
        }
        for (PeerAddress p : next.values()) {
            if (!links.containsKey(p.name())) {
                PeerLink link = new PeerLink(p, this, bootstrap, tls);
                links.put(p.name(), link);
                link.start();
            }
        }
        if (!next.equals(before)) {
            log.info("replication peers: {}", next.isEmpty() ? "none" : String.join(", ", next.values().stream().map(PeerAddress::toString).toList()));
        }
    }

    /** Whether the disk is below the floor: then retention may delete what a lagging peer still needs, and says so. */
    boolean diskShort() {
        boolean shortNow = floor.belowFloor();
        if (shortNow && !warnedDiskShort) {
            log.warn("the disk is below --min-free-disk: retention no longer keeps journal cycles that lagging peers still need; "
                    + "they will report the gap");
        }
        warnedDiskShort = shortNow;
        return shortNow;
    }

    /** A peer connected to this node, so it is up: this node's link to it need not wait out its back-off. */
    private void peerIsUp(String peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.peerIsUp();
        }
    }

    void senderGap(String peer, long events) {
        Gaps.count(registry, gapCounters, peer, "sender", events);
    }

    /** Per peer, for /healthz: whether this node sends to it and receives from it, and how far behind it is. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PeerAddress p : peers.values()) {
            PeerLink link = links.get(p.name());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("address", p.host() + ":" + p.port());
            s.put("connected", link != null && link.connected());
            s.put("receiving", receivers.isConnected(p.name()));
            s.put("acked_seq", link == null ? -1 : link.peerHas());
            s.put("lag_events", link == null ? 0 : link.lagEvents());
            s.put("lag_seconds", link == null ? 0.0 : link.lagSeconds());
            s.put("sent_bytes", link == null ? 0 : link.sentBytes());
            s.put("last_error", link == null ? null : link.lastError());
            out.put(p.name(), s);
        }
        return out;
    }

    /** The peers this node is connected to now, sending or receiving: the nodes it can tell are up. */
    public Set<String> reachablePeers() {
        Set<String> up = new TreeSet<>();
        for (String name : peers.keySet()) {
            PeerLink link = links.get(name);
            if ((link != null && link.connected()) || receivers.isConnected(name)) {
                up.add(name);
            }
        }
        return up;
    }

    Set<String> peerNames() {
        return peers.keySet();
    }

    Store store() {
        return store;
    }

    MeterRegistry registry() {
        return registry;
    }

    InstantSource clock() {
        return clock;
    }

    private void saveCursors() {
        try {
            store.replicationCursors().save();
        } catch (IOException e) {
            log.warn("cannot save the replication cursors (peers then resend a little more): {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        links.values().forEach(PeerLink::close);
        links.clear();
        saver.shutdown();
        saveCursors();
    }
}
