package dev.logq.collector.internal.http;

import dev.logq.store.model.Event;
import dev.logq.store.model.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/**
 * Streams query results as a chunked response of lines in a {@link ResultFormat}, from a query thread.
 *
 * <p>Events are encoded into chunks of about {@value #CHUNK_BYTES} bytes. Before writing a chunk the
 * query thread waits while the channel is not writable, so a slow reader slows the query down instead
 * of filling the heap. The response head is sent with the first chunk: a query that fails before
 * producing anything can still be answered with a proper error status. A query that fails after the
 * head went out ends with the connection closed and no last chunk, which a client sees as a cut
 * stream rather than a short but complete result.
 */
final class ResultStream implements EventSink {

    static final int CHUNK_BYTES = 64 * 1024;
    private static final long WRITABLE_POLL_MS = 50;

    private final Channel channel;
    private final boolean keepAlive;
    private final String contentType;
    private final ResultFormat.Encoder encoder;
    private ByteBuf chunk;
    private boolean headSent;

    ResultStream(Channel channel, boolean keepAlive, ResultFormat format) {
        this(channel, keepAlive, format.contentType(), format.encoder());
    }

    ResultStream(Channel channel, boolean keepAlive, String contentType, ResultFormat.Encoder encoder) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.contentType = contentType;
        this.encoder = encoder;
    }

    /** Something that writes one or more lines into a chunk. */
    interface Lines {
        void write(ByteBuf chunk) throws IOException;
    }

    @Override
    public boolean accept(Event event) throws IOException {
        return write(chunk -> encoder.write(event, chunk));
    }

    /** Adds lines to the chunk being filled, sending it once full; false once the client is gone. */
    boolean write(Lines lines) throws IOException {
        if (chunk == null) {
            chunk = channel.alloc().buffer(CHUNK_BYTES + 4096);
        }
        lines.write(chunk);
        if (chunk.readableBytes() >= CHUNK_BYTES) {
            return flushChunk();
        }
        return channel.isActive();
    }

    /** Sends what is buffered now, however little (a follower waiting for new events). */
    boolean flush() throws IOException {
        return flushChunk();
    }

    /** Sends what is buffered and the last chunk; the response is complete. */
    void finish() throws IOException {
        flushChunk();
        sendHeadIfNeeded();
        ChannelFuture done = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Ends a stream that failed: with an error response if nothing was sent yet (returns true), else by
     * closing the connection, so the client sees a cut stream rather than a short but complete one.
     */
    boolean fail(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        discard();
        if (headSent) {
            ctx.close();
            return false;
        }
        Responses.error(ctx, keepAlive, status, message);
        return true;
    }

    /** Drops what is buffered (after a failure). */
    void discard() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    private boolean flushChunk() throws IOException {
        if (chunk == null || chunk.readableBytes() == 0) {
            return channel.isActive();
        }
        sendHeadIfNeeded();
        ByteBuf full = chunk;
        chunk = null;
        channel.writeAndFlush(new DefaultHttpContent(full));
        return awaitWritable();
    }

    private void sendHeadIfNeeded() {
        if (headSent) {
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        channel.write(head);
        headSent = true;
    }

    private boolean awaitWritable() throws IOException {
        try {
            while (channel.isActive() && !channel.isWritable()) {
                synchronized (this) {
                    wait(WRITABLE_POLL_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("search interrupted (logqd is stopping)");
        }
        return channel.isActive();
    }

    /** Called from the event loop when the channel becomes writable again. */
    synchronized void writable() {
        notifyAll();
    }
}
