package dev.logq.collector.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.RejectedExecutionException;

/**
 * A request that streams its answer from a thread of its own, waiting while the channel is not
 * writable. The connection stops reading while it runs, so a pipelined request cannot interleave
 * with the streamed answer.
 */
interface StreamingTask {

    /** Called from the event loop when the channel becomes writable again. */
    void writable();

    /** Answers 400 with the message (counted), or 503 if the node is not ready; whether it answered. */
    static boolean refused(HttpApi api, ChannelHandlerContext ctx, boolean keepAlive, IllegalArgumentException bad) {
        if (bad != null) {
            api.metrics().rejected("bad_request", 1);
            Responses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, bad.getMessage());
            return true;
        }
        if (!api.store().ready()) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "node is not ready yet (see /healthz)");
            return true;
        }
        return false;
    }

    /** From the task's thread when it is done: the connection reads again, on its event loop. */
    static void finished(ChannelHandlerContext ctx, Runnable done) {
        try {
            ctx.executor().execute(() -> {
                done.run();
                ctx.channel().config().setAutoRead(true);
            });
        } catch (RejectedExecutionException stopped) {
            // logqd is stopping and the connection's event loop is gone: nothing left to restore
        }
    }
}
