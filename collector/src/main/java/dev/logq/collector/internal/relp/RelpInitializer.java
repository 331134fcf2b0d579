package dev.logq.collector.syslog;

import dev.logq.collector.EventAppender;
import dev.logq.collector.ListenerMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.Objects;

/**
 * The pipeline of one accepted RELP connection: {@link RelpDecoder} (commands, syslog data parsed)
 * then {@link RelpHandler} (the session; acknowledgements only for what is in the journal, batched
 * per read). Shared by all connections of a listener.
 */
public final class RelpInitializer extends ChannelInitializer<SocketChannel> {

    private final SyslogParser parser;
    private final EventAppender appender;
    private final ListenerMetrics metrics;
    private final int maxMessageBytes;
    private final AppendFailures failures;

    public RelpInitializer(SyslogParser parser, EventAppender appender, ListenerMetrics metrics, int maxMessageBytes) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.appender = Objects.requireNonNull(appender, "appender");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.maxMessageBytes = SyslogTcpInitializer.checkLimit(maxMessageBytes);
        this.failures = new AppendFailures(parser.clock(), metrics);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        configure(ch.pipeline());
    }

    /** Adds this listener's handlers to a connection's pipeline (tests use it on an EmbeddedChannel). */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("relp-decoder", new RelpDecoder(parser, metrics, maxMessageBytes))
                .addLast("relp-handler", new RelpHandler(appender, metrics, failures));
    }
}
