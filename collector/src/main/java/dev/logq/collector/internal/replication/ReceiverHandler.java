package dev.logq.collector.internal.replication;

import dev.logq.collector.internal.ingest.EventAppender;
import dev.logq.store.model.Event;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's connection to this node, the receiving side: the handshake, then each batch appended to
 * the journal and acknowledged, in order, only once it is there. The store drops what it already holds,
 * so a batch sent again after a reconnect or a crash is stored once.
 *
 * <p>Batches are appended one at a time, in the order they came: a batch refused because the journal is
 * busy is offered again before any later one, or a later one would raise the origin's high-water mark
 * past it and the store would drop it as old. While {@value #MAX_QUEUED} batches wait, the connection
 * stops reading, which slows the sender down through TCP.
 */
final class ReceiverHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger log = LoggerFactory.getLogger(ReceiverHandler.class);
    static final int MAX_QUEUED = 4;

    /** A batch's events, decoded as it came, waiting for their turn to be appended. */
    private record Pending(long first, long last, List<Event> events) {}

    private final Receivers receivers;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private String origin;
    private long expected;
    private boolean appending;

    ReceiverHandler(Receivers receivers) {
        super(false);  // a batch's block is released once decoded
        this.receivers = receivers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        switch (frame) {
            case Frame.Hello hello -> hello(ctx, hello);
            case Frame.Batch batch when origin != null -> {
                List<Event> events = Batches.events(ctx.alloc(), batch, origin);
                if (batch.first() > expected) {
                    log.warn("replication from {}: its events {}..{} never came (retention deleted them before this node had them?)",
                            origin, expected, batch.first() - 1);
                    receivers.metrics().gap(origin, batch.first() - expected);
                }
                expected = Math.max(expected, batch.last() + 1);
                receivers.metrics().received(origin, events.size());
                queued.add(new Pending(batch.first(), batch.last(), events));
                if (queued.size() >= MAX_QUEUED) {
                    ctx.channel().config().setAutoRead(false);
                }
                appendNext(ctx);
            }
            case Frame.Gap gap when origin != null -> {
                String range = gap.first() + ".." + gap.last();
                log.warn("replication from {}: its events {} are gone from its journal (retention deleted them before this node had them)",
                        origin, range);
                receivers.metrics().gap(origin, gap.last() - gap.first() + 1);
                expected = Math.max(expected, gap.last() + 1);
            }
            default -> {
                ReferenceCountUtil.release(frame instanceof Frame.Batch b ? b.block() : null);
                throw new ReplicationException(origin == null ? "expected HELLO first, got " + name(frame) : "unexpected " + name(frame));
            }
        }
    }

    private static String name(Frame frame) {
        return frame.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    private void hello(ChannelHandlerContext ctx, Frame.Hello hello) {
        if (origin != null) {
            throw new ReplicationException("a second HELLO");
        }
        String self = receivers.store().node();
        String refusal = null;
        String reason = null;
        if (!hello.to().equals(self)) {
            refusal = "this is " + self + ", not " + hello.to() + " (check --peer on " + hello.from() + ")";
            reason = "wrong_node";
        } else if (hello.from().equals(self)) {
            refusal = "a peer calls itself " + self + ", this node's own name (check --node on both)";
            reason = "own_name";
        } else if (!receivers.peers().get().contains(hello.from())) {
            refusal = hello.from() + " is not in this node's --peer list";
            reason = "unknown_peer";
        }
        if (refusal != null) {
            log.warn("replication from {}: {}; refusing the connection", ctx.channel().remoteAddress(), refusal);
            receivers.metrics().refused(reason);
            ctx.writeAndFlush(new Frame.Refused(refusal)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        origin = hello.from();
        Map<String, Long> marks = receivers.store().highWaterMarks();
        expected = marks.getOrDefault(origin, -1L) + 1;
        receivers.connected(origin, ctx.channel());
        log.info("replication from {} ({}): it has {} events of its own, this node holds up to seq {} of them",
                origin, ctx.channel().remoteAddress(), hello.marks().getOrDefault(origin, -1L) + 1, expected - 1);
        ctx.writeAndFlush(new Frame.Welcome(self, marks));
    }

    /** Appends the first waiting batch, unless one is being appended. */
    private void appendNext(ChannelHandlerContext ctx) {
        if (appending || queued.isEmpty() || !ctx.channel().isActive()) {
            return;
        }
        Pending batch = queued.peek();
        appending = true;
        receivers.store().appendReplicated(batch.events()).whenComplete((stored, error) -> ctx.executor().execute(() -> {
            appending = false;
            if (error == null) {
                appended(ctx, batch, stored);
            } else if (EventAppender.refusedAsBusy(error)) {
                ctx.executor().schedule(() -> appendNext(ctx), receivers.busyRetry().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                Throwable cause = EventAppender.cause(error);
                log.warn("replication from {}: cannot store its events {}..{}: {}; closing (it sends them again)",
                        origin, batch.first(), batch.last(), cause.toString());
                ctx.writeAndFlush(new Frame.Refused("cannot store: " + cause.getMessage())).addListener(ChannelFutureListener.CLOSE);
            }
        }));
    }

    private void appended(ChannelHandlerContext ctx, Pending batch, int stored) {
        queued.poll();
        receivers.metrics().stored(origin, stored);
        Instant now = receivers.clock().instant();
        for (Event e : batch.events()) {
            receivers.metrics().delay(Duration.between(e.received(), now));
        }
        ctx.writeAndFlush(new Frame.Ack(batch.last()));
        if (queued.size() <= 1) {
            ctx.channel().config().setAutoRead(true);
        }
        appendNext(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queued.clear();  // not acknowledged: the sender sends them again
        if (origin != null) {
            receivers.disconnected(origin, ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String from = origin != null ? origin + " (" + ctx.channel().remoteAddress() + ")" : String.valueOf(ctx.channel().remoteAddress());
        if (cause instanceof ReplicationException bad) {
            log.warn("replication from {}: {}; closing the connection", from, bad.getMessage());
            receivers.metrics().refused("protocol");
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(new Frame.Refused(bad.getMessage())).addListener(ChannelFutureListener.CLOSE);
            }
        } else if (cause instanceof IOException) {
            log.info("replication from {}: connection failed: {}", from, cause.toString());
            ctx.close();
        } else {
            log.warn("replication from {}: {}; closing the connection", from, cause.toString());
            ctx.close();
        }
    }
}
