package dev.logq.collector.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;

/** An accepted connection from {@link #PEER}, with the pipeline a listener's initializer builds. */
public final class Connection extends EmbeddedChannel {

    public static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 40312);

    private Connection(ChannelHandler handler) {
        super(handler);
    }

    /** A connection whose pipeline {@code configure} builds (an initializer's configure), buffers from {@code alloc}. */
    public static Connection open(Consumer<ChannelPipeline> configure, ByteBufAllocator alloc) {
        Connection channel = new Connection(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                configure.accept(ch.pipeline());
            }
        });
        channel.config().setAllocator(alloc);
        return channel;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return PEER;
    }
}
