package dev.logq.collector.internal.replication;

import dev.logq.store.OriginReader;
import dev.logq.store.ReplicationCursors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's stream of this node's events to a peer, on a thread of its own: read from the journal
 * after what the peer holds, in batches, up to {@value #WINDOW} of them unacknowledged (pipelined), and
 * the cursor advanced for each acknowledged one. Ends when the connection does, or when a batch stays
 * unacknowledged for {@value #ACK_TIMEOUT_SECONDS} s (a peer cut off by the network: TCP alone would
 * take a quarter of an hour to notice), and closes the connection then.
 */
final class Streamer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Streamer.class);
    static final int WINDOW = 4;
    static final int TARGET_BYTES = 256 << 10;
    static final long ACK_TIMEOUT_SECONDS = 15;
    private static final long IDLE_PARK_NANOS = 2_000_000L;
    /** BATCH's type byte and numbers, besides its block: for the bytes-sent counter. */
    private static final int HEADER_BYTES = 32;

    /** A batch sent and not yet acknowledged. */
    private record Sent(long last, long lastIndex, Instant firstReceived, long sentNanos) {}

    private final PeerLink link;
    private final Channel channel;
    private final long peerHas;
    private final Semaphore window = new Semaphore(WINDOW);
    private final ConcurrentLinkedDeque<Sent> inFlight = new ConcurrentLinkedDeque<>();
    private volatile boolean stopped;

    /** @param peerHas the highest seq of this node's the peer reported holding */
    Streamer(PeerLink link, Channel channel, long peerHas) {
        this.link = link;
        this.channel = channel;
        this.peerHas = peerHas;
    }

    @Override
    public void run() {
        String peer = link.peer().name();
        ReplicationCursors.Cursor cursor = link.cursors().get(peer);
        if (cursor.seq() > peerHas) {
            log.warn("replication to {}: it holds this node's events up to seq {} only, but had acknowledged up to {} "
                    + "(its data was lost or replaced?): sending from {} on", peer, peerHas, cursor.seq(), peerHas + 1);
        }
        try (OriginReader reader = link.store().originReader()) {
            reader.seekAfter(peerHas, cursor.seq() <= peerHas ? cursor.index() : -1);
            long next = peerHas + 1;
            while (!stopped && channel.isActive()) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    checkAckTimeout();
                    continue;
                }
                while (!channel.isWritable() && channel.isActive() && !stopped) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
                long newest = link.store().lastSeq();  // before reading: every event up to it is readable
                long sent = sendBatch(reader, next);
                if (sent < 0) {
                    window.release();
                    if (newest >= next) {  // the journal holds none of them any more
                        gap(next, newest);
                        next = newest + 1;
                    }
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                } else {
                    next = sent + 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("replication to {}: sending failed: {}; closing the connection", peer, e.toString(), e);
            link.failed(e.toString());
            channel.close();
        }
    }

    /** Sends the next batch from {@code next} on; returns its last seq, or -1 if there is nothing to send. */
    private long sendBatch(OriginReader reader, long next) {
        ByteBuf raw = null;
        int count = 0;
        long first = -1;
        long last = -1;
        long lastIndex = -1;
        Instant firstReceived = null;
        try {
            while (count < Batches.MAX_EVENTS && (raw == null || raw.readableBytes() < TARGET_BYTES) && reader.next()) {
                if (count == 0) {
                    first = reader.seq();
                    if (first > next) {
                        gap(next, first - 1);
                    }
                    firstReceived = reader.received();
                    raw = channel.alloc().buffer(TARGET_BYTES + 64 * 1024);
                }
                Batches.add(raw, reader.record(), reader.length());
                last = reader.seq();
                lastIndex = reader.index();
                count++;
            }
            if (count == 0) {
                return -1;
            }
            int rawLength = raw.readableBytes();
            ByteBuf block = Batches.compress(channel.alloc(), raw);
            raw = null;
            inFlight.add(new Sent(last, lastIndex, firstReceived, System.nanoTime()));
            link.sent(block.readableBytes() + HEADER_BYTES);
            channel.writeAndFlush(new Frame.Batch(first, last, count, rawLength, block));
            return last;
        } finally {
            if (raw != null) {
                raw.release();
            }
        }
    }

    private void gap(long first, long last) {
        link.gap(first, last);
        channel.writeAndFlush(new Frame.Gap(first, last));
    }

    /** The peer has every event up to {@code last}: on the connection's event loop. */
    void acked(long last) {
        for (Sent s; (s = inFlight.peek()) != null && s.last() <= last; ) {
            inFlight.poll();
            window.release();
            link.cursors().advance(link.peer().name(), s.last(), s.lastIndex());
        }
    }

    /** When the oldest unacknowledged event was received here, or null if none is in flight. */
    Instant oldestUnacknowledged() {
        Sent s = inFlight.peek();
        return s == null ? null : s.firstReceived();
    }

    private void checkAckTimeout() {
        Sent oldest = inFlight.peek();
        if (oldest != null && System.nanoTime() - oldest.sentNanos() > TimeUnit.SECONDS.toNanos(ACK_TIMEOUT_SECONDS)) {
            String why = "no acknowledgement for " + ACK_TIMEOUT_SECONDS + " s (network cut?)";
            log.warn("replication to {}: {}; reconnecting", link.peer().name(), why);
            link.failed(why);
            channel.close();
        }
    }

    void stop() {
        stopped = true;
    }
}
