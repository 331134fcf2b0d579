package dev.logq.collector.internal.replication;

import dev.logq.collector.internal.net.Tls;
import dev.logq.store.OriginReader;
import dev.logq.store.ReplicationCursors;
import dev.logq.store.Store;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to one peer, the sending side: connect, HELLO, and once the peer says in WELCOME how
 * far it holds this node's events, a {@link Streamer} sends the rest. When the connection fails or ends,
 * it connects again after 1 s, doubling to at most {@value #MAX_BACKOFF_SECONDS} s while it keeps failing,
 * and at once when the peer connects to this node (it is back).
 * While connected it holds retention back from the journal cycles the peer has not acknowledged.
 */
final class PeerLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
    static final long MAX_BACKOFF_SECONDS = 10;

    private final PeerAddress peer;
    private final Store store;
    private final Bootstrap bootstrap;
    private final Tls tls;
    private final PeerMetrics metrics;
    private final Replication replication;
    private volatile boolean closed;
    private volatile Channel channel;
    private volatile Streamer streamer;
    private volatile Thread streamerThread;
    private volatile boolean streaming;
    private volatile long peerHas;
    private volatile String lastError;
    private volatile long backoffSeconds = 1;
    private ScheduledFuture<?> retry;  // guarded by this: the next connection attempt while backing off
    private long lagAtSeq = Long.MIN_VALUE;
    private Instant lagReceived;

    /** @param tls mutual TLS to the peer, or null for plain TCP */
    PeerLink(PeerAddress peer, Replication replication, Bootstrap bootstrap, Tls tls) {
        this.peer = peer;
        this.replication = replication;
        this.store = replication.store();
        this.bootstrap = bootstrap;
        this.tls = tls;
        this.peerHas = store.replicationCursors().get(peer.name()).seq();
        this.metrics = new PeerMetrics(replication.registry(), peer.name(), this);
    }

    PeerAddress peer() {
        return peer;
    }

    Store store() {
        return store;
    }

    ReplicationCursors cursors() {
        return store.replicationCursors();
    }

    void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture connecting = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    tls.addClientTo(ch.pipeline(), peer.host(), peer.port());
                }
                ch.pipeline().addLast(new FrameCodec(), new SenderHandler());
            }
        }).connect(peer.host(), peer.port());
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                failed("cannot connect to " + peer.host() + ":" + peer.port() + ": " + f.cause().getMessage());
                retryLater();
            }
        });
    }

    private synchronized void retryLater() {
        if (closed) {
            return;
        }
        long delay = backoffSeconds;
        backoffSeconds = Math.min(MAX_BACKOFF_SECONDS, backoffSeconds * 2);
        retry = bootstrap.config().group().schedule(this::retryNow, delay, TimeUnit.SECONDS);
    }

    private void retryNow() {
        synchronized (this) {
            retry = null;
        }
        connect();
    }

    /**
     * The peer connected to this node, so it is up again: if the link waits out a back-off, it connects
     * now. A peer that returns is caught up from the moment it says HELLO, not up to
     * {@value #MAX_BACKOFF_SECONDS} s later.
     */
    void peerIsUp() {
        synchronized (this) {
            if (retry == null || !retry.cancel(false)) {
                return;
            }
            retry = null;
            backoffSeconds = 1;
        }
        connect();
    }

    /** Records why the link is down (for /healthz), and logs it when it is news. */
    void failed(String why) {
        if (!why.equals(lastError)) {
            log.warn("replication to {}: {}", peer.name(), why);
        }
        lastError = why;
    }

    void gap(long first, long last) {
        log.warn("replication to {}: this node's events {}..{} are gone from its journal (retention deleted them before {} had them)",
                peer.name(), first, last, peer.name());
        replication.senderGap(peer.name(), last - first + 1);
    }

    void sent(long bytes) {
        metrics.sent(bytes);
    }

    boolean connected() {
        return streaming && channel != null && channel.isActive();
    }

    /** The highest seq of this node's the peer holds, as last reported or acknowledged. */
    long peerHas() {
        return peerHas;
    }

    long lagEvents() {
        return Math.max(0, store.lastSeq() - peerHas);
    }

    /** How long ago this node received the oldest of its events the peer does not hold yet; 0 if it holds all. */
    synchronized double lagSeconds() {
        if (lagEvents() == 0) {
            return 0;
        }
        Streamer s = streamer;
        Instant oldest = s != null ? s.oldestUnacknowledged() : null;
        if (oldest == null) {
            long has = peerHas;
            if (has != lagAtSeq) {  // read it from the journal once per position, not at every scrape
                lagAtSeq = has;
                lagReceived = null;
                try (OriginReader reader = store.originReader()) {
                    ReplicationCursors.Cursor c = cursors().get(peer.name());
                    reader.seekAfter(has, c.seq() <= has ? c.index() : -1);
                    if (reader.next()) {
                        lagReceived = reader.received();
                    }
                }
            }
            oldest = lagReceived;
        }
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, replication.clock().instant()).toMillis() / 1000.0);
    }

    String lastError() {
        return lastError;
    }

    long sentBytes() {
        return metrics.sentBytes();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (retry != null) {
                retry.cancel(false);
            }
        }
        Streamer s = streamer;
        if (s != null) {
            s.stop();
        }
        Channel c = channel;
        if (c != null) {
            c.close();
        }
        Thread t = streamerThread;
        if (t != null) {
            try {
                t.join(2000);  // it closes its journal reader as it ends, before the store closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.releaseRetention(holder());
        metrics.close();
    }

    private String holder() {
        return "replication to " + peer.name();
    }

    /** The frames the peer sends back. */
    private final class SenderHandler extends SimpleChannelInboundHandler<Frame> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(new Frame.Hello(store.node(), peer.name(), store.highWaterMarks()));
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            switch (frame) {
                case Frame.Welcome w when streamer == null -> welcome(ctx, w);
                case Frame.Ack a when streamer != null -> {
                    peerHas = Math.max(peerHas, a.last());
                    streamer.acked(a.last());
                }
                case Frame.Refused r -> {
                    failed("refused by " + peer.name() + ": " + r.reason());
                    ctx.close();
                }
                default -> throw new ReplicationException("unexpected " + frame.getClass().getSimpleName() + " from the peer");
            }
        }

        private void welcome(ChannelHandlerContext ctx, Frame.Welcome w) {
            if (!w.node().equals(peer.name())) {
                failed(peer.host() + ":" + peer.port() + " is node " + w.node() + ", not " + peer.name() + " (check --peer)");
                ctx.close();
                return;
            }
            peerHas = w.marks().getOrDefault(store.node(), -1L);
            long numbered = store.lastSeq();
            if (peerHas > numbered) {
                // what this node would send now, the peer would drop as already held: say so rather than lose it quietly
                failed(peer.name() + " holds this node's events up to seq " + peerHas + ", but this node has numbered its events only "
                        + "up to " + numbered + ": its data directory was lost or replaced, and what it sends now would be dropped "
                        + "there as already held. Restore its journal, or start it under a new --node name "
                        + "(docs/operations.md, \"Disaster recovery\")");
                ctx.close();
                return;
            }
            lastError = null;
            backoffSeconds = 1;
            log.info("replication to {} ({}:{}): connected; it holds this node's events up to seq {}, sending the rest",
                    peer.name(), peer.host(), peer.port(), peerHas);
            store.holdRetention(holder(), () -> replication.diskShort() ? Long.MAX_VALUE : cursors().get(peer.name()).index());
            Streamer s = new Streamer(PeerLink.this, ctx.channel(), peerHas);
            streamer = s;
            streaming = true;
            streamerThread = Thread.ofPlatform().name("logq-replication-" + peer.name()).daemon().start(s);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Streamer s = streamer;
            if (s != null) {
                s.stop();
                streamer = null;
            }
            streaming = false;
            store.releaseRetention(holder());
            if (!closed) {
                if (lastError == null) {
                    failed("connection to " + peer.host() + ":" + peer.port() + " closed");
                }
                retryLater();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            SSLException tlsFailure = null;
            for (Throwable t = cause; t != null && tlsFailure == null; t = t.getCause()) {
                tlsFailure = t instanceof SSLException ssl ? ssl : null;
            }
            if (tlsFailure != null) {
                failed("TLS with " + peer.host() + ":" + peer.port() + " failed: " + tlsFailure.getMessage()
                        + " (is its certificate signed by --tls-ca, for the address in --peer?)");
            } else {
                failed(cause instanceof IOException || cause instanceof ReplicationException ? cause.getMessage() : cause.toString());
            }
            ctx.close();
        }
    }
}
