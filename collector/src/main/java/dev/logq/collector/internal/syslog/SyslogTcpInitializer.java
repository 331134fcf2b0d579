package dev.logq.collector.syslog;

import dev.logq.collector.EventAppender;
import dev.logq.collector.ListenerMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.Objects;

/**
 * The pipeline of one accepted syslog TCP connection: {@link SyslogTcpDecoder} (LF-framed or
 * octet-counted, detected per connection, each message parsed) then {@link SyslogTcpHandler} (one
 * journal append per read burst, backpressure by pausing reads with
 * {@value EventBatcher#MAX_IN_FLIGHT} appends in flight). Shared by all connections of a listener.
 *
 * <p>Plain syslog over TCP has no acknowledgements: an event counts as delivered once it is in the
 * journal, and what the kernel still buffers when logqd stops is the sender's to resend (rsyslog
 * keeps a queue for that; RELP is the transport that guarantees it).
 */
public final class SyslogTcpInitializer extends ChannelInitializer<SocketChannel> {

    /** Larger limits are surely a unit mistake, and limit + framing overhead must stay an int. */
    static final int MAX_LIMIT = 1 << 30;

    private final SyslogParser parser;
    private final EventAppender appender;
    private final ListenerMetrics metrics;
    private final int maxMessageBytes;
    private final AppendFailures failures;

    public SyslogTcpInitializer(SyslogParser parser, EventAppender appender, ListenerMetrics metrics, int maxMessageBytes) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.appender = Objects.requireNonNull(appender, "appender");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.maxMessageBytes = checkLimit(maxMessageBytes);
        this.failures = new AppendFailures(parser.clock(), metrics);
    }

    static int checkLimit(int maxMessageBytes) {
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_LIMIT) {
            throw new IllegalArgumentException("maximum syslog message size " + maxMessageBytes
                    + " bytes is not in 1.." + MAX_LIMIT + " (see --max-message-size)");
        }
        return maxMessageBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        configure(ch.pipeline());
    }

    /** Adds this listener's handlers to a connection's pipeline (tests use it on an EmbeddedChannel). */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("syslog-decoder", new SyslogTcpDecoder(parser, metrics, maxMessageBytes))
                .addLast("syslog-handler", new SyslogTcpHandler(appender, metrics, failures));
    }
}
