package dev.logq.collector.internal.syslog;

import dev.logq.collector.internal.message.Parsed;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.internal.net.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits one TCP connection's byte stream into syslog messages (RFC 6587) and parses each, emitting
 * {@link Parsed}. The framing is chosen from the connection's first byte:
 *
 * <pre>
 * octet-counted = *(MSG-LEN SP MSG)          ; first byte a digit
 * MSG-LEN       = 1*10DIGIT                  ; byte count of MSG; a trailing LF inside MSG is dropped (rsyslog
 *                                            ; omfwd and loggen -P count it); CR or LF between frames is skipped
 * lf-framed     = *(MSG [CR] LF)             ; anything else; empty lines are skipped
 * </pre>
 *
 * <p>Limits, so that a connection never holds more than about one frame's limit
 * ({@link SyslogParser#maxFrameBytes}: the message size plus room for a header) whatever it sends: a
 * message text longer than {@code maxMessageBytes} is cut (on a UTF-8 boundary), a longer frame is cut
 * at its limit and the rest of it is skipped as it arrives, without being buffered; a frame is never
 * dropped whole. A
 * MSG-LEN of more than 10 digits or not followed by SP is a framing error: it is logged once per
 * connection and counted ({@code rejected{reason="framing"}}), and the connection continues LF-framed
 * from that byte, so the bytes up to the next LF become one (usually unparsed) message. When the
 * connection closes, a last unterminated line or partial frame is parsed as it is.
 */
final class SyslogTcpDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(SyslogTcpDecoder.class);
    static final int MAX_LENGTH_DIGITS = 10;
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private enum Framing { UNDECIDED, LINES, OCTETS }

    private final SyslogParser parser;
    private final ListenerMetrics metrics;
    private final int maxMessageBytes;
    /** What one frame may bring in all (see {@link SyslogParser#maxFrameBytes}): more is cut, and skipped unread. */
    private final int maxFrameBytes;
    private Peer peer;
    private Framing framing = Framing.UNDECIDED;
    /** LF framing: skipping the rest of an oversize line up to its LF. */
    private boolean discarding;
    /** LF framing: how many bytes after the reader index are known to hold no LF. */
    private int searched;
    /** Octet counting: bytes of an oversize frame still to skip. */
    private long skipping;

    SyslogTcpDecoder(SyslogParser parser, ListenerMetrics metrics, int maxMessageBytes) {
        this.parser = parser;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
        this.maxFrameBytes = SyslogParser.maxFrameBytes(maxMessageBytes);
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
        if (framing == Framing.UNDECIDED) {
            framing = isDigit(in.getByte(in.readerIndex())) ? Framing.OCTETS : Framing.LINES;
        }
        if (framing == Framing.OCTETS) {
            decodeFrame(ctx, in, out);
        } else {
            decodeLine(ctx, in, out);
        }
    }

    private void decodeLine(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (discarding) {
            int lf = in.indexOf(start, start + readable, LF);
            in.readerIndex(lf < 0 ? start + readable : lf + 1);
            discarding = lf < 0;
            return;
        }
        // A line fits if its LF is within maxFrameBytes + CR + LF.
        int window = Math.min(readable, maxFrameBytes + 2);
        int lf = searched < window ? in.indexOf(start + searched, start + window, LF) : -1;
        if (lf < 0) {
            if (readable >= maxFrameBytes + 2) {
                out.add(parse(ctx, in, start, window));
                in.skipBytes(window); // the LF may be further on, in this very buffer
                discarding = true;
                searched = 0;
            } else {
                searched = window;
            }
            return;
        }
        searched = 0;
        int length = lf - start;
        if (length > 0 && in.getByte(lf - 1) == CR) {
            length--;
        }
        if (length > 0) {
            out.add(parse(ctx, in, start, length));
        }
        in.readerIndex(lf + 1);
    }

    private void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (skipping > 0) {
            int n = (int) Math.min(skipping, readable);
            in.skipBytes(n);
            skipping -= n;
            return;
        }
        byte first = in.getByte(start);
        if (first == LF || first == CR) {
            in.skipBytes(1);
            return;
        }
        long length = 0;
        int digits = 0;
        while (digits < readable && digits <= MAX_LENGTH_DIGITS && isDigit(in.getByte(start + digits))) {
            length = length * 10 + in.getByte(start + digits) - '0';
            digits++;
        }
        if (digits == readable && digits <= MAX_LENGTH_DIGITS) {
            return; // the header is not complete yet
        }
        if (digits == 0 || digits > MAX_LENGTH_DIGITS || in.getByte(start + digits) != ' ') {
            framingError(ctx, in, start, readable);
            framing = Framing.LINES;
            decodeLine(ctx, in, out);
            return;
        }
        int body = start + digits + 1;
        if (length <= maxFrameBytes + 1L) {
            int frame = (int) length;
            if (readable < digits + 1 + frame) {
                return;
            }
            int size = frame > 0 && in.getByte(body + frame - 1) == LF ? frame - 1 : frame;
            if (size > 0) {
                out.add(parse(ctx, in, body, size));
            }
            in.readerIndex(body + frame);
        } else {
            // One byte past the cut is needed to cut on a UTF-8 boundary; the rest is skipped unread.
            int keep = maxFrameBytes + 1;
            if (readable < digits + 1 + keep) {
                return;
            }
            out.add(parse(ctx, in, body, keep));
            in.readerIndex(body + keep);
            skipping = length - keep;
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // decode() already took every complete frame: what is left is cut off by the close.
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0 || discarding || skipping > 0) {
            in.skipBytes(readable);
            return;
        }
        int from = start;
        int length = readable;
        if (framing == Framing.OCTETS) {
            int digits = 0;
            while (digits < readable && isDigit(in.getByte(start + digits))) {
                digits++;
            }
            if (digits > 0 && digits < readable && in.getByte(start + digits) == ' ') {
                from = start + digits + 1;
                length = readable - digits - 1;
            }
        } else if (in.getByte(start + readable - 1) == CR) {
            length--;
        }
        if (length > 0) {
            out.add(parse(ctx, in, from, length));
        }
        in.skipBytes(readable);
    }

    private Parsed parse(ChannelHandlerContext ctx, ByteBuf in, int index, int length) {
        if (peer == null) {
            peer = Peer.of("tcp", ctx.channel().remoteAddress());
        }
        return parser.parse(in, index, length, peer, maxMessageBytes);
    }

    private void framingError(ChannelHandlerContext ctx, ByteBuf in, int start, int readable) {
        metrics.rejected("framing", 1);
        String head = in.toString(start, Math.min(readable, 24), StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?");
        log.warn("{}: syslog octet-counting frame does not start with 1-{} digits and a space (starts with \"{}\"); "
                        + "reading the rest of this connection as LF-framed (is the sender's framing setting right?)",
                ctx.channel().remoteAddress(), MAX_LENGTH_DIGITS, head);
    }

    /** Bytes held for a message not yet complete (tests check the memory bound with it). */
    int buffered() {
        return actualReadableBytes();
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
