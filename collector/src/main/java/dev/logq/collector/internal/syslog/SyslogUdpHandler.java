package dev.logq.collector.internal.syslog;

import dev.logq.collector.internal.ingest.EventBatcher;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.internal.net.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of a bound syslog UDP channel (one instance per channel): one datagram is one message.
 *
 * <pre>
 * datagram = [MSG-LEN SP] MSG [LF / NUL]    ; MSG-LEN only if it equals the bytes that follow it
 *                                           ; (loggen --dgram -P sends RFC 6587 framing over UDP)
 * </pre>
 *
 * <p>The datagrams of one read loop are appended as one batch. UDP is best effort: nothing tells the
 * sender to slow down. With {@code --batches-in-flight} batches waiting for the journal this
 * handler stops reading, which bounds logqd's memory; meanwhile the socket's receive buffer fills
 * and the kernel drops what does not fit (visible in {@code /proc/net/snmp} as UDP RcvbufErrors, not
 * in logqd's counters). Under load on a small machine that loses messages: use TCP or RELP for
 * anything that must arrive. An error on one datagram is logged and does not close the socket.
 */
public final class SyslogUdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(SyslogUdpHandler.class);

    private final SyslogParser parser;
    private final Intake intake;
    private final ListenerMetrics metrics;
    private final int maxMessageBytes;
    private EventBatcher batcher;
    /** Most datagrams come from a few relays: their names are made once per run of the same sender. */
    private InetSocketAddress lastSender;
    private Peer lastPeer;

    /** @param maxMessageBytes longer messages are cut (logqd's Config checks the range) */
    public SyslogUdpHandler(SyslogParser parser, Intake intake, int maxMessageBytes) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.metrics = intake.metrics();
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        batcher = intake.batcher(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int index = content.readerIndex();
        int length = content.readableBytes();
        metrics.bytes(length);
        int prefix = octetCountPrefix(content, index, length);
        index += prefix;
        length -= prefix;
        if (length > 0) {
            byte last = content.getByte(index + length - 1);
            if (last == '\n' || last == 0) {
                length--;
                if (last == '\n' && length > 0 && content.getByte(index + length - 1) == '\r') {
                    length--;
                }
            }
        }
        if (length > 0) {
            batcher.add(parser.parse(content, index, length, peer(packet.sender()), maxMessageBytes));
        }
    }

    /** Length of a {@code MSG-LEN SP} prefix that counts exactly the rest of the datagram, else 0. */
    private static int octetCountPrefix(ByteBuf content, int index, int length) {
        long count = 0;
        int digits = 0;
        while (digits < length && digits <= SyslogTcpDecoder.MAX_LENGTH_DIGITS) {
            byte b = content.getByte(index + digits);
            if (b < '0' || b > '9') {
                break;
            }
            count = count * 10 + b - '0';
            digits++;
        }
        boolean framed = digits > 0 && digits <= SyslogTcpDecoder.MAX_LENGTH_DIGITS && digits < length
                && content.getByte(index + digits) == ' ' && count == length - digits - 1;
        return framed ? digits + 1 : 0;
    }

    private Peer peer(InetSocketAddress sender) {
        if (lastPeer == null || !Objects.equals(sender, lastSender)) {
            lastSender = sender;
            lastPeer = Peer.of("udp", sender);
        }
        return lastPeer;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batcher.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        batcher.flush();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: error while reading a syslog datagram on {}, continuing: {}", metrics.listener(), ctx.channel().localAddress(), cause.toString());
    }
}
