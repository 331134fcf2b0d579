package dev.logq.collector.internal.replication;

import dev.logq.store.Store;
import dev.logq.store.model.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.compression.Snappy;
import java.util.ArrayList;
import java.util.List;

/**
 * The block of a BATCH frame: the sender's records, each length-prefixed, compressed with Snappy in
 * chunks of at most {@value #CHUNK} bytes (Netty's Snappy encoder writes only the copies of the short
 * offsets, so it must not see more at a time; its own framing codec chunks at 64 KiB likewise). Snappy
 * because Netty carries it (no library more, no native code) and log text shrinks to about a third at
 * several hundred MB/s, far more than a 2-core node appends.
 *
 * <pre>
 * block = *(varint snappy-chunk)   ; each chunk's compressed length, then the chunk (its own length first)
 * </pre>
 */
final class Batches {

    static final int CHUNK = 32 << 10;

    /** A batch the sender builds holds at most this many events... */
    static final int MAX_EVENTS = 4096;
    /** ...and at most about this many bytes of records; a receiver takes no more than this uncompressed. */
    static final int MAX_RAW_BYTES = 4 << 20;

    private Batches() {}

    /** Appends one record (as {@code OriginReader} hands it) to a batch being built. */
    static void add(ByteBuf raw, byte[] record, int length) {
        Wire.writeVarLong(raw, length);
        raw.writeBytes(record, 0, length);
    }

    /** The compressed block of the records in {@code raw}, which is released. */
    static ByteBuf compress(ByteBufAllocator alloc, ByteBuf raw) {
        ByteBuf block = alloc.buffer(raw.readableBytes() / 2 + 64);
        ByteBuf chunk = alloc.buffer(CHUNK + CHUNK / 6 + 64);
        Snappy snappy = new Snappy();
        try {
            while (raw.isReadable()) {
                int n = Math.min(CHUNK, raw.readableBytes());
                chunk.clear();
                snappy.reset();
                snappy.encode(raw.readSlice(n), chunk, n);  // a slice: Netty's encoder takes its reader index for 0
                Wire.writeVarLong(block, chunk.readableBytes());
                block.writeBytes(chunk);
            }
            return block;
        } catch (RuntimeException e) {
            block.release();
            throw e;
        } finally {
            chunk.release();
            raw.release();
        }
    }

    /**
     * The events of a batch from {@code origin}: exactly {@code batch.count()} of them, that origin's,
     * with seqs {@code first..last} in order. Releases the batch's block.
     *
     * @throws ReplicationException if the block or its events are not what the frame says
     */
    static List<Event> events(ByteBufAllocator alloc, Frame.Batch batch, String origin) {
        ByteBuf raw = alloc.heapBuffer(batch.rawLength(), batch.rawLength());
        try {
            Snappy snappy = new Snappy();
            ByteBuf block = batch.block();
            while (block.isReadable()) {
                int n = (int) Wire.readVarLong(block, 1, block.readableBytes(), "chunk length");
                ByteBuf chunk = block.readSlice(n);
                try {
                    snappy.reset();
                    snappy.decode(chunk, raw);
                } catch (RuntimeException e) {
                    throw new ReplicationException("batch " + batch.first() + ".." + batch.last() + " does not decompress: " + e.getMessage());
                }
                if (chunk.isReadable()) {
                    throw new ReplicationException("batch " + batch.first() + ".." + batch.last() + " has a chunk longer than it decompresses");
                }
            }
            if (raw.readableBytes() != batch.rawLength()) {
                throw new ReplicationException("batch " + batch.first() + ".." + batch.last() + " decompresses to "
                        + raw.readableBytes() + " bytes, not " + batch.rawLength());
            }
            List<Event> events = new ArrayList<>(batch.count());
            byte[] record = new byte[512];
            while (raw.isReadable()) {
                int n = (int) Wire.readVarLong(raw, 1, raw.readableBytes(), "record length");
                if (n > record.length) {
                    record = new byte[Math.max(n, record.length * 2)];
                }
                raw.readBytes(record, 0, n);
                Event e;
                try {
                    e = Store.decodeRecord(record, 0, n);
                } catch (RuntimeException bad) {
                    throw new ReplicationException("event " + events.size() + " of batch " + batch.first() + ".." + batch.last()
                            + " is not a record: " + bad.getMessage());
                }
                long expected = batch.first() + events.size();
                if (!origin.equals(e.origin()) || e.seq() != expected) {
                    throw new ReplicationException("batch " + batch.first() + ".." + batch.last() + " from " + origin + " holds ("
                            + e.origin() + ", " + e.seq() + ") where (" + origin + ", " + expected + ") belongs");
                }
                events.add(e);
            }
            if (events.size() != batch.count()) {
                throw new ReplicationException("batch " + batch.first() + ".." + batch.last() + " holds " + events.size() + " events");
            }
            return events;
        } finally {
            raw.release();
            batch.block().release();
        }
    }
}
