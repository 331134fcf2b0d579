package dev.logq.collector.internal.http;

import dev.logq.collector.internal.metrics.ListenerMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request must arrive whole within --request-timeout of its first byte, or the connection gets 408
 * and is closed: a client that trickles its headers or body (slowloris) cannot hold a connection and
 * its buffers for long. First in the pipeline, so it sees bytes before any decoding; {@link ApiHandler}
 * tells it when a request is complete.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: 63\r\n\r\n{\"error\":\"the request did not arrive within --request-timeout\"}")
            .getBytes(StandardCharsets.US_ASCII);

    private final long nanos;
    private final ListenerMetrics metrics;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration timeout, ListenerMetrics metrics) {
        this.nanos = timeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expired(ctx), nanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The request that the current bytes belong to is complete; the next one gets its own deadline. */
    void requestComplete() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        metrics.rejected("request_timeout", 1);
        log.info("http {}: request not complete within --request-timeout; answering 408 and closing", ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestComplete();
        ctx.fireChannelInactive();
    }
}
