package dev.logq.collector.internal.replication;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * One message of the replication protocol. A node (the sender) connects to a peer (the receiver) and
 * sends it the events it originated; the receiver stores them and acknowledges. Frames on the wire:
 *
 * <pre>
 * frame    = length type body             ; length: uint32, big-endian, of type and body; at most 16 MiB
 * type     = %x01-06
 * HELLO    = %x01 version from to marks   ; sender: I am "from" and expect to talk to "to"
 * WELCOME  = %x02 version node marks      ; receiver: I am "node", and hold these marks
 * BATCH    = %x03 first last count raw-length block
 * ACK      = %x04 last                    ; every event of the sender's up to seq "last" is in the journal
 * GAP      = %x05 first last              ; the sender's journal no longer holds seqs first..last (retention)
 * REFUSED  = %x06 reason                  ; the connection ends: a bad handshake or frame
 * version  = %x01
 * marks    = varint *(string varlong)     ; count, then each origin and the highest seq stored from it
 * first, last, raw-length, count = varlong
 * block    = *(varint snappy-chunk)       ; the records, each length-prefixed, Snappy-compressed in chunks
 *                                         ; of at most 32 KiB (see Batches);
 *                                         ; record = an event as the journal stores it (Store.decodeRecord)
 * string   = varint *OCTET                ; UTF-8
 * varint   = unsigned LEB128
 * </pre>
 *
 * Every BATCH carries only the sender's own events, consecutive seqs {@code first..last} (count of them),
 * in order; batches follow each other without holes unless a GAP came between. The receiver answers the
 * batches in order; the sender may have several unanswered.
 */
sealed interface Frame {

    byte VERSION = 1;
    int MAX_FRAME = 16 << 20;

    /** The sender's first frame. */
    record Hello(String from, String to, Map<String, Long> marks) implements Frame {}

    /** The receiver's answer to HELLO: where it stands for every origin, the sender's included. */
    record Welcome(String node, Map<String, Long> marks) implements Frame {}

    /**
     * Events {@code first..last}: {@code block} holds {@code rawLength} bytes once uncompressed.
     * The buffer is the frame's; whoever reads it releases it.
     */
    record Batch(long first, long last, int count, int rawLength, ByteBuf block) implements Frame {}

    record Ack(long last) implements Frame {}

    record Gap(long first, long last) implements Frame {}

    record Refused(String reason) implements Frame {}
}
