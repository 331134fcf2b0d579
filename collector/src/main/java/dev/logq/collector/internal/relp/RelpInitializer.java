package dev.logq.collector.internal.relp;

import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
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
    private final Intake intake;
    private final int maxMessageBytes;

    /** @param maxMessageBytes longer messages are cut (logqd's Config checks the range) */
    public RelpInitializer(SyslogParser parser, Intake intake, int maxMessageBytes) {
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
        pipeline.addLast("relp-decoder", new RelpDecoder(parser, intake.metrics(), maxMessageBytes))
                .addLast("relp-handler", new RelpHandler(intake));
    }
}
