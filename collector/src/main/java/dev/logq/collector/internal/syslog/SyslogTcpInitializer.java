package dev.logq.collector.internal.syslog;

import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.Objects;

/**
 * The pipeline of one accepted syslog TCP connection: {@link SyslogTcpDecoder} (LF-framed or
 * octet-counted, detected per connection, each message parsed) then {@link SyslogTcpHandler} (one
 * journal append per read burst, backpressure by pausing reads while too many appends are in flight).
 * Shared by all connections of a listener.
 *
 * <p>Plain syslog over TCP has no acknowledgements: an event counts as delivered once it is in the
 * journal, and what the kernel still buffers when logqd stops is the sender's to resend (rsyslog
 * keeps a queue for that; RELP is the transport that guarantees it).
 */
public final class SyslogTcpInitializer extends ChannelInitializer<SocketChannel> {

    private final SyslogParser parser;
    private final Intake intake;
    private final int maxMessageBytes;

    /** @param maxMessageBytes longer messages are cut (logqd's Config checks the range) */
    public SyslogTcpInitializer(SyslogParser parser, Intake intake, int maxMessageBytes) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        configure(ch.pipeline());
    }

    /** Adds this listener's handlers to a connection's pipeline (tests use it on an EmbeddedChannel). */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("syslog-decoder", new SyslogTcpDecoder(parser, intake.metrics(), maxMessageBytes))
                .addLast("syslog-handler", new SyslogTcpHandler(intake));
    }
}
