package dev.logq.store;

import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.Journal;
import java.time.Instant;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * This node's own events (origin = this node) read from the journal in their order, which is their
 * sequence order, as the records a peer stores ({@link Store#decodeRecord}): what a replicator sends.
 * Events of other origins, replicated here, are passed over. Use from one thread; close on it.
 *
 * <p>Where the journal no longer holds an event (retention deleted its cycle), the reader goes on with
 * the first one it still holds: a caller that wanted {@code n} and got a higher sequence number has a
 * gap to report.
 */
public final class OriginReader implements AutoCloseable {

    private final String node;
    private final ExcerptTailer tailer;
    private byte[] buffer = new byte[4096];
    private int length;
    private long seq = -1;
    private long index = -1;

    OriginReader(Journal journal, String node) {
        this.node = node;
        this.tailer = journal.tailer();
    }

    /**
     * Positions the reader so that {@link #next} returns the first own event with a sequence number above
     * {@code afterSeq}.
     *
     * @param hintIndex the journal index of the own event {@code afterSeq}, if known (a replication
     *                  cursor), else -1: reading then starts at the journal's start
     */
    public void seekAfter(long afterSeq, long hintIndex) {
        if (hintIndex < 0 || !tailer.moveToIndex(hintIndex) || !read() || seq > afterSeq) {
            tailer.toStart();
        }
        seq = -1;
        index = -1;
        while (true) {
            long before = tailer.index();
            if (!read()) {
                return;
            }
            if (seq > afterSeq) {
                tailer.moveToIndex(before);  // read it again with next()
                return;
            }
        }
    }

    /** Reads the next own event; false if the journal holds none beyond the last one read. */
    public boolean next() {
        return read();
    }

    private boolean read() {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int n = (int) bytes.readRemaining();
                if (n > buffer.length) {
                    buffer = new byte[Math.max(n, buffer.length * 2)];
                }
                bytes.read(buffer, 0, n);
                EventCodec.Identity id;
                try {
                    id = EventCodec.identity(buffer, 0, n);
                } catch (RuntimeException unreadable) {
                    continue;  // the indexer logs unreadable records; no peer can store one either
                }
                if (node.equals(id.origin())) {
                    length = n;
                    seq = id.seq();
                    index = dc.index();
                    return true;
                }
            }
        }
    }

    /** The sequence number of the event last read. */
    public long seq() {
        return seq;
    }

    /** Its journal index. */
    public long index() {
        return index;
    }

    /** When this node received it. */
    public Instant received() {
        return EventCodec.received(buffer, 0, length);
    }

    /** Its record: {@link #length()} bytes of this array, valid until the next read. */
    public byte[] record() {
        return buffer;
    }

    public int length() {
        return length;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
