package dev.logq.collector.internal.syslog;

import dev.logq.collector.internal.ingest.EventBatcher;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.Parsed;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a syslog TCP pipeline: batches what {@link SyslogTcpDecoder} parsed, one journal append
 * per read burst (and one for what is left when the connection closes), counts the connection, and
 * closes it on any error after one log line naming the peer.
 */
final class SyslogTcpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SyslogTcpHandler.class);

    private final Intake intake;
    private final ListenerMetrics metrics;
    private EventBatcher batcher;

    SyslogTcpHandler(Intake intake) {
        this.intake = intake;
        this.metrics = intake.metrics();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        batcher = intake.batcher(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Parsed parsed) {
            batcher.add(parsed);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batcher.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        batcher.flush();
        metrics.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.info("{}: syslog connection from {} failed, closing it: {}", metrics.listener(), ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("{}: error on the syslog connection from {}, closing it: {}", metrics.listener(), ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    int inFlight() {
        return batcher.inFlight();
    }
}
