package dev.logq.collector.internal.relp;

import dev.logq.collector.internal.message.Parsed;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.internal.net.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a RELP stream into commands and parses the data of each {@code syslog} command as a syslog
 * message. The frame, as librelp writes and reads it (RELP has no RFC; this is librelp's grammar,
 * with the limits logqd applies):
 *
 * <pre>
 * RELP-FRAME = TXNR SP COMMAND SP DATALEN [SP DATA] TRAILER
 * TXNR       = 1*9DIGIT                 ; transaction number, 1..999999999
 * COMMAND    = 1*32ALPHA                ; open, syslog, close (in); rsp, serverclose (out)
 * DATALEN    = 1*9DIGIT                 ; octets of DATA; 0 means no SP and no DATA
 * DATA       = *OCTET                   ; syslog: at most a frame's limit kept, the rest skipped
 * TRAILER    = LF
 * </pre>
 *
 * <p>The message text of a {@code syslog} command is cut to {@code maxMessageBytes} by the parser. A
 * command whose data is longer than a frame's limit ({@link SyslogParser#maxFrameBytes}: the message
 * limit plus room for the header) is parsed from its first {@code limit + 1} bytes (so the parser cuts
 * it and says so) and the rest of its data is skipped as it arrives: only the limit is ever buffered. Anything that is not a RELP frame is a
 * {@link RelpProtocolException}; RELP has no way to resynchronise, so the handler then ends the session.
 */
final class RelpDecoder extends ByteToMessageDecoder {

    /** One RELP command; {@code event} for {@code syslog}, {@code data} (at most a few KiB) for the others. */
    record Command(long txnr, String name, Parsed event, String data) {}

    static final class RelpProtocolException extends RuntimeException {
        RelpProtocolException(String message) {
            super(message);
        }
    }

    static final int MAX_TXNR_DIGITS = 9;
    static final int MAX_COMMAND = 32;
    static final int MAX_DATALEN_DIGITS = 9;
    /** Data of commands other than syslog (open's offers, say) beyond this is a protocol error. */
    static final int MAX_CONTROL_DATA = 16 * 1024;

    private final SyslogParser parser;
    private final ListenerMetrics metrics;
    private final int maxMessageBytes;
    private Peer peer;
    /** Data bytes of an oversize syslog command still to skip, then its LF. */
    private long skipping;
    private boolean trailerAfterSkip;
    /** After a protocol error the session is over: whatever else arrives is dropped. */
    private boolean broken;

    RelpDecoder(SyslogParser parser, ListenerMetrics metrics, int maxMessageBytes) {
        this.parser = parser;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            metrics.bytes(buf.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(ctx, in, out);
        } catch (RelpProtocolException e) {
            broken = true;
            in.skipBytes(in.readableBytes());
            // the frames before the error go first, as they arrived; if one of them ended the session (the
            // handler closed it, and a closed pipeline has no handler left to tell), the error is only counted
            for (Object command : out) {
                ctx.fireChannelRead(command);
            }
            out.clear();
            if (!ctx.channel().isOpen()) {
                metrics.rejected("protocol", 1);
                return;
            }
            throw e;
        }
    }

    private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (skipping > 0 || trailerAfterSkip) {
                if (!skip(in)) {
                    return;
                }
                continue;
            }
            Command c = frame(ctx, in);
            if (c == null) {
                return;
            }
            out.add(c);
        }
    }

    /** Skips the rest of an oversize command; true once its trailer is consumed. */
    private boolean skip(ByteBuf in) {
        int n = (int) Math.min(skipping, in.readableBytes());
        in.skipBytes(n);
        skipping -= n;
        if (skipping > 0 || !in.isReadable()) {
            return false;
        }
        trailer(in, in.readerIndex());
        trailerAfterSkip = false;
        return true;
    }

    /** The next whole command, or null if more bytes are needed (nothing consumed then). */
    private Command frame(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int at = start;
        int[] field = new int[1];
        at = number(in, at, end, MAX_TXNR_DIGITS, "transaction number", field);
        if (at < 0) {
            return null;
        }
        long txnr = field[0];
        int nameStart = at;
        while (at < end && at - nameStart <= MAX_COMMAND && isCommandChar(in.getByte(at))) {
            at++;
        }
        if (at == end) {
            return null;
        }
        if (at == nameStart || at - nameStart > MAX_COMMAND || in.getByte(at) != ' ') {
            throw error(in, start, "a command name of 1-" + MAX_COMMAND + " letters after the transaction number");
        }
        String name = in.toString(nameStart, at - nameStart, StandardCharsets.US_ASCII);
        at = number(in, at + 1, end, MAX_DATALEN_DIGITS, "data length", field);
        if (at < 0) {
            return null;
        }
        long dataLength = field[0];
        boolean lengthEndsWithLf = in.getByte(at - 1) == '\n';
        if (dataLength == 0) {
            if (!lengthEndsWithLf) {
                throw error(in, start, "a line feed after data length 0");
            }
            in.readerIndex(at);
            return new Command(txnr, name, null, "");
        }
        if (lengthEndsWithLf) {
            throw error(in, start, "a space and " + dataLength + " bytes of data after the data length");
        }
        boolean syslog = name.equals("syslog");
        if (!syslog && dataLength > MAX_CONTROL_DATA) {
            throw error(in, start, "at most " + MAX_CONTROL_DATA + " bytes of data for '" + name + "'");
        }
        int dataStart = at;
        long wanted = Math.min(dataLength, (long) SyslogParser.maxFrameBytes(maxMessageBytes) + 1);
        if (end - dataStart < wanted + (wanted == dataLength ? 1 : 0)) {
            return null;  // a whole command (or the limit of an oversize one) is not here yet
        }
        Command c;
        if (syslog) {
            if (peer == null) {
                peer = Peer.of("relp", ctx.channel().remoteAddress());
            }
            c = new Command(txnr, name, parser.parse(in, dataStart, (int) wanted, peer, maxMessageBytes), null);
        } else {
            c = new Command(txnr, name, null, in.toString(dataStart, (int) dataLength, StandardCharsets.UTF_8));
        }
        if (wanted < dataLength) {
            in.readerIndex(dataStart + (int) wanted);
            skipping = dataLength - wanted;
            trailerAfterSkip = true;
        } else {
            trailer(in, dataStart + (int) dataLength);
        }
        return c;
    }

    /**
     * Reads 1..maxDigits digits at {@code at} followed by a space or, for the data length, a line feed;
     * puts the value in {@code value[0]} and returns the index after the separator, or -1 if the
     * buffer ends first.
     */
    /** Bytes held for a command not yet complete (tests check the memory bound with it). */
    int buffered() {
        return actualReadableBytes();
    }

    private static int number(ByteBuf in, int at, int end, int maxDigits, String what, int[] value) {
        int from = at;
        long v = 0;
        while (at < end && isDigit(in.getByte(at))) {
            if (at - from == maxDigits) {
                throw error(in, from, "a " + what + " of 1-" + maxDigits + " digits");
            }
            v = v * 10 + (in.getByte(at) - '0');
            at++;
        }
        if (at == end) {
            return -1;
        }
        byte sep = in.getByte(at);
        if (at == from || (sep != ' ' && !(sep == '\n' && what.equals("data length")))) {
            throw error(in, from, "a " + what + " of 1-" + maxDigits + " digits and a space");
        }
        value[0] = (int) v;
        return at + 1;
    }

    private static void trailer(ByteBuf in, int at) {
        if (in.getByte(at) != '\n') {
            throw error(in, at, "a line feed after the data");
        }
        in.readerIndex(at + 1);
    }

    private static RelpProtocolException error(ByteBuf in, int at, String expected) {
        String seen = in.toString(at, Math.min(in.writerIndex() - at, 24), StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return new RelpProtocolException("not a RELP frame: expected " + expected + ", got \"" + seen + "\"");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isCommandChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
