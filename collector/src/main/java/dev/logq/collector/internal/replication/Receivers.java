package dev.logq.collector.internal.replication;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of replication: the pipeline of a connection from a peer ({@link FrameCodec}, then
 * {@link ReceiverHandler}), what those handlers share, and which peer is connected now. One connection
 * per peer: a peer that connects again (after a restart, or a connection it gave up on) replaces its
 * old one, which is closed.
 */
public final class Receivers extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(Receivers.class);

    private final ReplicaStore store;
    private final Supplier<Set<String>> peers;
    private final ReceiverMetrics metrics;
    private final InstantSource clock;
    private final Duration busyRetry;
    private final Map<String, Channel> connected = new ConcurrentHashMap<>();
    private Consumer<String> onConnected = peer -> {};

    /**
     * @param peers     the names of the peers now in the peer list: only they may send
     * @param busyRetry how soon a batch the busy journal refused is offered again
     */
    Receivers(ReplicaStore store, Supplier<Set<String>> peers, ReceiverMetrics metrics, InstantSource clock, Duration busyRetry) {
        this.store = store;
        this.peers = peers;
        this.metrics = metrics;
        this.clock = clock;
        this.busyRetry = busyRetry;
    }

    /** Runs {@code action} with the peer's name each time a peer connects to this node. */
    void onConnected(Consumer<String> action) {
        this.onConnected = action;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        configure(ch.pipeline());
    }

    /** Adds the receiving handlers to a connection's pipeline (tests use it on an EmbeddedChannel). */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("replication-codec", new FrameCodec()).addLast("replication-receiver", new ReceiverHandler(this));
    }

    void connected(String origin, Channel channel) {
        Channel before = connected.put(origin, channel);
        if (before != null && before != channel) {
            log.info("replication from {}: a new connection replaces the one from {}", origin, before.remoteAddress());
            before.close();
        }
        onConnected.accept(origin);
    }

    void disconnected(String origin, Channel channel) {
        connected.remove(origin, channel);
    }

    /** Whether the peer is connected to this node now. */
    boolean isConnected(String origin) {
        Channel c = connected.get(origin);
        return c != null && c.isActive();
    }

    /** The peer left the peer list: its connection ends. */
    void forget(String origin) {
        Channel c = connected.remove(origin);
        if (c != null) {
            c.close();
        }
    }

    ReplicaStore store() {
        return store;
    }

    Supplier<Set<String>> peers() {
        return peers;
    }

    ReceiverMetrics metrics() {
        return metrics;
    }

    InstantSource clock() {
        return clock;
    }

    Duration busyRetry() {
        return busyRetry;
    }
}
