package dev.logq.collector;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a syslog or RELP connection that sent nothing for --idle-timeout (the sender reconnects when it has more). */
final class IdleCloser extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(IdleCloser.class);
    private final String option;

    IdleCloser(String option) {
        this.option = option;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.info("{} {}: nothing received for --idle-timeout; closing the connection", option, ctx.channel().remoteAddress());
            ctx.channel().close();  // through the whole pipeline: a RELP session says serverclose
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }
}
