package dev.logq.collector.internal.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import java.util.List;

/**
 * {@link Frame}s to and from bytes, as {@link Frame}'s grammar says. A frame that does not follow it
 * is a {@link ReplicationException}; nothing of a frame is buffered beyond its announced length, which
 * is at most {@link Frame#MAX_FRAME}. One per connection.
 */
final class FrameCodec extends ByteToMessageCodec<Frame> {

    static final byte HELLO = 1;
    static final byte WELCOME = 2;
    static final byte BATCH = 3;
    static final byte ACK = 4;
    static final byte GAP = 5;
    static final byte REFUSED = 6;

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        switch (frame) {
            case Frame.Hello h -> {
                out.writeByte(HELLO).writeByte(Frame.VERSION);
                Wire.writeString(out, h.from());
                Wire.writeString(out, h.to());
                Wire.writeMarks(out, h.marks());
            }
            case Frame.Welcome w -> {
                out.writeByte(WELCOME).writeByte(Frame.VERSION);
                Wire.writeString(out, w.node());
                Wire.writeMarks(out, w.marks());
            }
            case Frame.Batch b -> {
                out.writeByte(BATCH);
                Wire.writeVarLong(out, b.first());
                Wire.writeVarLong(out, b.last());
                Wire.writeVarLong(out, b.count());
                Wire.writeVarLong(out, b.rawLength());
                out.writeBytes(b.block());
                b.block().release();
            }
            case Frame.Ack a -> {
                out.writeByte(ACK);
                Wire.writeVarLong(out, a.last());
            }
            case Frame.Gap g -> {
                out.writeByte(GAP);
                Wire.writeVarLong(out, g.first());
                Wire.writeVarLong(out, g.last());
            }
            case Frame.Refused r -> {
                out.writeByte(REFUSED);
                Wire.writeString(out, r.reason());
            }
        }
        out.setInt(start, out.writerIndex() - start - 4);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeFrame(in, out);
        } catch (ReplicationException e) {
            in.skipBytes(in.readableBytes());  // nothing after a bad frame is read: the connection ends
            throw e;
        }
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 1 || length > Frame.MAX_FRAME) {
            throw new ReplicationException("frame length " + Integer.toUnsignedString(length) + " is not in 1.." + Frame.MAX_FRAME);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        ByteBuf body = in.readSlice(length);
        try {
            out.add(frame(body));
        } catch (IndexOutOfBoundsException truncated) {
            throw new ReplicationException("a frame of " + length + " bytes ends before its last field");
        }
    }

    private static Frame frame(ByteBuf body) {
        byte type = body.readByte();
        Frame frame = switch (type) {
            case HELLO -> {
                version(body);
                yield new Frame.Hello(Wire.readString(body), Wire.readString(body), Wire.readMarks(body));
            }
            case WELCOME -> {
                version(body);
                yield new Frame.Welcome(Wire.readString(body), Wire.readMarks(body));
            }
            case BATCH -> {
                long first = Wire.readVarLong(body, 0, Long.MAX_VALUE, "first seq");
                long last = Wire.readVarLong(body, first, Long.MAX_VALUE, "last seq");
                int count = (int) Wire.readVarLong(body, 1, Batches.MAX_EVENTS, "event count");
                int rawLength = (int) Wire.readVarLong(body, 0, Batches.MAX_RAW_BYTES, "batch length");
                if (last - first + 1 != count) {
                    throw new ReplicationException("batch " + first + ".." + last + " says it holds " + count + " events");
                }
                yield new Frame.Batch(first, last, count, rawLength, body.readRetainedSlice(body.readableBytes()));
            }
            case ACK -> new Frame.Ack(Wire.readVarLong(body, 0, Long.MAX_VALUE, "acknowledged seq"));
            case GAP -> {
                long first = Wire.readVarLong(body, 0, Long.MAX_VALUE, "gap start");
                yield new Frame.Gap(first, Wire.readVarLong(body, first, Long.MAX_VALUE, "gap end"));
            }
            case REFUSED -> new Frame.Refused(Wire.readString(body));
            default -> throw new ReplicationException("unknown frame type " + type);
        };
        if (body.isReadable()) {
            if (frame instanceof Frame.Batch b) {
                b.block().release();
            }
            throw new ReplicationException(body.readableBytes() + " bytes after the end of a frame of type " + type);
        }
        return frame;
    }

    private static void version(ByteBuf body) {
        byte version = body.readByte();
        if (version != Frame.VERSION) {
            throw new ReplicationException("protocol version " + version + ", this logqd speaks " + Frame.VERSION
                    + " (are both nodes the same logq version?)");
        }
    }
}
