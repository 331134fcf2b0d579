package dev.logq.collector.internal.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Whole (not streamed) responses. Errors are {@code {"error":"one line"}}. */
final class Responses {

    private static final String ELASTIC_PRODUCT = "X-Elastic-Product";

    private Responses() {}

    static void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String body) {
        send(ctx, keepAlive, status, "application/json", body + "\n");
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String message) {
        write(ctx, keepAlive, errorResponse(keepAlive, status, message));
    }

    /** An error answer to add headers to before {@link #write}: {@code {"error":"..."}}. */
    static FullHttpResponse errorResponse(boolean keepAlive, HttpResponseStatus status, String message) {
        return response(keepAlive, status, "application/json",
                "{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}\n");
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType, String body) {
        write(ctx, keepAlive, response(keepAlive, status, contentType, body));
    }

    private static FullHttpResponse response(boolean keepAlive, HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE)
                // the official Elasticsearch clients refuse a server whose answers lack it, errors included
                .set(ELASTIC_PRODUCT, "Elasticsearch");
        return response;
    }

    static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
