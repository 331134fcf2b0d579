package dev.logq.collector.internal.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that stay idle: the one rule for every listener, with the two ways of counting
 * idleness they need.
 */
public final class IdleCloser extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(IdleCloser.class);
    /** The flag that set the timeout, for the log line; null to close without one. */
    private final String option;

    private IdleCloser(String option) {
        this.option = option;
    }

    /**
     * A syslog or RELP connection that sent nothing for {@code timeout} is closed, with a log line (the
     * sender reconnects when it has more).
     */
    public static void afterSilence(ChannelPipeline pipeline, Duration timeout, String option) {
        pipeline.addLast(new IdleStateHandler(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS), new IdleCloser(option));
    }

    /**
     * An HTTP connection that neither read nor wrote for {@code timeout} is closed quietly: a keep-alive
     * connection going idle is normal.
     */
    public static void afterInactivity(ChannelPipeline pipeline, Duration timeout) {
        pipeline.addLast(new IdleStateHandler(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS), new IdleCloser(null));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (option != null) {
                log.info("{} {}: nothing received for {}; closing the connection", option, ctx.channel().remoteAddress(), option);
            }
            ctx.channel().close();  // through the whole pipeline: a RELP session says serverclose
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }
}
