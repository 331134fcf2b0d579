package dev.logq.collector.internal.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replication frames to bytes and back, whole, split at every byte, and refused when they break the grammar. */
class FrameCodecTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void nothingLeaks() {
        alloc.assertAllReleased();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
        ch.config().setAllocator(alloc);
        return ch;
    }

    private byte[] encode(Frame... frames) {
        EmbeddedChannel ch = channel();
        for (Frame f : frames) {
            ch.writeOutbound(f);
        }
        ByteBuf all = alloc.heapBuffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        ch.finishAndReleaseAll();
        return bytes;
    }

    /** Decodes the bytes fed {@code piece} at a time; batches come back as their block's bytes, released. */
    private List<Object> decode(byte[] bytes, int piece) {
        EmbeddedChannel ch = channel();
        for (int at = 0; at < bytes.length; at += piece) {
            ch.writeInbound(alloc.direct(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece))));
        }
        List<Object> frames = new ArrayList<>();
        for (Object f; (f = ch.readInbound()) != null; ) {
            if (f instanceof Frame.Batch b) {
                byte[] block = new byte[b.block().readableBytes()];
                b.block().readBytes(block);
                b.block().release();
                frames.add(List.of(b.first(), b.last(), b.count(), b.rawLength(), Arrays.toString(block)));
            } else {
                frames.add(f);
            }
        }
        ch.finishAndReleaseAll();
        return frames;
    }

    private Frame.Batch batch(long first, long last, byte... block) {
        return new Frame.Batch(first, last, (int) (last - first + 1), 123, alloc.heap(block));
    }

    @Test
    void everyFrameComesBackAsItWasSentWholeAndSplitAtEveryByte() {
        Map<String, Long> marks = new LinkedHashMap<>();
        marks.put("log1", -1L);
        marks.put("log2", 41L);
        marks.put("ünïcode-free.name", 1L << 40);
        byte[] bytes = encode(new Frame.Hello("log1", "log2", marks), new Frame.Welcome("log2", Map.of()),
                batch(42, 44, (byte) 1, (byte) 2, (byte) 3), new Frame.Ack(44), new Frame.Gap(7, 9), new Frame.Refused("no, because é"));
        List<Object> expected = List.of(new Frame.Hello("log1", "log2", marks), new Frame.Welcome("log2", Map.of()),
                List.of(42L, 44L, 3, 123, "[1, 2, 3]"), new Frame.Ack(44), new Frame.Gap(7, 9), new Frame.Refused("no, because é"));
        assertEquals(expected, decode(bytes, bytes.length), "whole");
        for (int piece = 1; piece < 9; piece++) {
            assertEquals(expected, decode(bytes, piece), "in pieces of " + piece);
        }
    }

    private String refusal(byte[] bytes) {
        EmbeddedChannel ch = channel();
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(alloc.direct(bytes)));
        ch.finishAndReleaseAll();
        assertTrue(e instanceof ReplicationException, e.toString());
        return e.getMessage();
    }

    @Test
    void framesThatBreakTheGrammarAreRefusedWithTheReason() {
        assertTrue(refusal(new byte[] {0x7f, 0, 0, 0, 1}).contains("frame length 2130706432 is not in 1.." + Frame.MAX_FRAME));
        assertTrue(refusal(new byte[] {0, 0, 0, 0}).contains("frame length 0"));
        assertEquals("unknown frame type 9", refusal(new byte[] {0, 0, 0, 1, 9}));
        assertTrue(refusal(new byte[] {0, 0, 0, 3, 1, 2, 0}).startsWith("protocol version 2, this logqd speaks 1"));
        assertEquals("1 bytes after the end of a frame of type 4", refusal(new byte[] {0, 0, 0, 3, 4, 1, 1}));
        assertEquals("a frame of 1 bytes ends before its last field", refusal(new byte[] {0, 0, 0, 1, 1}));
        assertEquals("frame ends inside a number", refusal(new byte[] {0, 0, 0, 2, 1, 1}));
        assertEquals("frame ends inside a number", refusal(new byte[] {0, 0, 0, 2, 4, (byte) 0x80}));
        assertEquals("batch 5..9 says it holds 2 events", refusal(new byte[] {0, 0, 0, 6, 3, 5, 9, 2, 0, 0}));
        assertEquals("last seq 4 is not in 5..9223372036854775807", refusal(new byte[] {0, 0, 0, 6, 3, 5, 4, 1, 0, 0}));
        assertEquals("string length 200 is not in 0..3", refusal(new byte[] {0, 0, 0, 6, 6, (byte) 200, 1, 'a', 'b', 'c'}));
    }

    @Test
    void aFrameIsNotDecodedBeforeItIsWhole() {
        byte[] bytes = encode(new Frame.Ack(5));
        List<Object> none = decode(Arrays.copyOf(bytes, bytes.length - 1), 100);
        assertFalse(none.iterator().hasNext());
    }
}
