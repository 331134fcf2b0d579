package dev.logq.collector.internal.replication;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The varints, strings and marks of {@link Frame}'s grammar, read with bounds checks. */
final class Wire {

    /** The longest string a frame holds: node names are 63 characters, reasons one line. */
    static final int MAX_STRING = 4096;
    /** The most origins a marks list names: a handful of nodes, with room to spare. */
    static final int MAX_MARKS = 1024;

    private Wire() {}

    static void writeVarLong(ByteBuf out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** @throws ReplicationException if the varint runs past the frame or past 64 bits */
    static long readVarLong(ByteBuf in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.isReadable()) {
                throw new ReplicationException("frame ends inside a number");
            }
            int b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ReplicationException("a number longer than 10 bytes");
    }

    /** A varint that must lie in {@code [min, max]}; {@code what} names it in the error. */
    static long readVarLong(ByteBuf in, long min, long max, String what) {
        long v = readVarLong(in);
        if (v < min || v > max) {
            throw new ReplicationException(what + " " + v + " is not in " + min + ".." + max);
        }
        return v;
    }

    static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, b.length);
        out.writeBytes(b);
    }

    static String readString(ByteBuf in) {
        long length = readVarLong(in);
        long max = Math.min(MAX_STRING, in.readableBytes());
        if (length < 0 || length > max) {
            throw new ReplicationException("string length " + length + " is not in 0.." + max);
        }
        int n = (int) length;
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    static void writeMarks(ByteBuf out, Map<String, Long> marks) {
        writeVarLong(out, marks.size());
        marks.forEach((origin, seq) -> {
            writeString(out, origin);
            writeVarLong(out, seq + 1);  // -1 (nothing) is 0
        });
    }

    static Map<String, Long> readMarks(ByteBuf in) {
        int n = (int) readVarLong(in, 0, MAX_MARKS, "mark count");
        Map<String, Long> marks = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String origin = readString(in);
            marks.put(origin, readVarLong(in, 0, Long.MAX_VALUE, "mark") - 1);
        }
        return marks;
    }
}
