package dev.logq.collector.internal.relp;

import dev.logq.collector.internal.ingest.EventBatcher;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RELP session: answers {@code open} with logqd's offers, appends the {@code syslog} commands of
 * each read burst as one batch and answers every one of them {@code rsp 200} only once that batch is
 * in the journal ({@code rsp 500} if it could not be appended), in one write. {@code close} is answered
 * after every earlier command was, then the connection closes. When logqd closes the connection
 * (shutdown, protocol error) it sends {@code serverclose} first, so the sender resends what is unanswered.
 */
final class RelpHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RelpHandler.class);
    static final String OFFERS = "relp_version=0\nrelp_software=logqd\ncommands=syslog";
    private static final byte[] SERVERCLOSE = "0 serverclose 0\n".getBytes(StandardCharsets.US_ASCII);

    private final Intake intake;
    private final ListenerMetrics metrics;
    private EventBatcher batcher;
    private long[] txnrs = new long[64];
    private int batched;
    private int unanswered;
    private boolean opened;
    private long closeTxnr = -1;
    private boolean ended;

    RelpHandler(Intake intake) {
        this.intake = intake;
        this.metrics = intake.metrics();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        batcher = intake.batcher(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RelpDecoder.Command c)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closeTxnr >= 0) {
            return;  // nothing may follow close
        }
        switch (c.name()) {
            case "open" -> {
                if (opened) {
                    ctx.write(rsp(ctx, c.txnr(), "500 the session is already open"));
                } else {
                    opened = true;
                    ctx.write(rsp(ctx, c.txnr(), "200 OK\n" + OFFERS));
                }
            }
            case "syslog" -> {
                if (!opened) {
                    protocolError(ctx, "'syslog' before 'open'");
                    return;
                }
                batcher.add(c.event());
                if (batched == txnrs.length) {
                    txnrs = Arrays.copyOf(txnrs, batched * 2);
                }
                txnrs[batched++] = c.txnr();
            }
            case "close" -> {
                closeTxnr = c.txnr();
                flushBatch(ctx);
                closeWhenAnswered(ctx);
            }
            default -> ctx.write(rsp(ctx, c.txnr(), "500 unknown command '" + c.name() + "' (logqd offers: syslog)"));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushBatch(ctx);
        ctx.flush();
    }

    private void flushBatch(ChannelHandlerContext ctx) {
        if (batched == 0) {
            return;
        }
        long[] answer = Arrays.copyOf(txnrs, batched);
        batched = 0;
        unanswered++;
        batcher.flush(error -> {
            unanswered--;
            String status = error == null ? "200 OK" : "500 not stored: " + oneLine(error);
            if (ctx.channel().isActive()) {
                ByteBuf out = ctx.alloc().buffer(answer.length * 20);
                for (long txnr : answer) {
                    writeRsp(out, txnr, status);
                }
                ctx.writeAndFlush(out);
            }
            closeWhenAnswered(ctx);
        });
    }

    private void closeWhenAnswered(ChannelHandlerContext ctx) {
        if (closeTxnr >= 0 && unanswered == 0 && !ended) {
            ended = true;
            ctx.writeAndFlush(rsp(ctx, closeTxnr, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** logqd ends the session: serverclose first, unless the client already closed it. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!ended && ctx.channel().isActive()) {
            ended = true;
            ctx.writeAndFlush(ctx.alloc().buffer(SERVERCLOSE.length).writeBytes(SERVERCLOSE))
                    .addListener(f -> ctx.close(promise));
            return;
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // unanswered commands of a vanished client are still appended; it resends them, RELP allows that
        flushBatch(ctx);
        metrics.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RelpDecoder.RelpProtocolException) {
            protocolError(ctx, c.getMessage());
        } else {
            log.warn("relp {}: {}; closing the connection", ctx.channel().remoteAddress(), oneLine(c));
            ctx.channel().close();  // through the whole pipeline, so close() below says serverclose
        }
    }

    private void protocolError(ChannelHandlerContext ctx, String what) {
        metrics.rejected("protocol", 1);
        log.warn("relp {}: {}; ending the session (is the sender speaking RELP to this port?)",
                ctx.channel().remoteAddress(), what);
        flushBatch(ctx);
        ctx.channel().close();
    }

    private static ByteBuf rsp(ChannelHandlerContext ctx, long txnr, String data) {
        ByteBuf out = ctx.alloc().buffer(32 + data.length());
        writeRsp(out, txnr, data);
        return out;
    }

    /** {@code TXNR rsp DATALEN[ DATA]\n}; DATA is ASCII here. */
    private static void writeRsp(ByteBuf out, long txnr, String data) {
        out.writeCharSequence(Long.toString(txnr), StandardCharsets.US_ASCII);
        out.writeCharSequence(" rsp ", StandardCharsets.US_ASCII);
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.writeCharSequence(Integer.toString(bytes.length), StandardCharsets.US_ASCII);
        if (bytes.length > 0) {
            out.writeByte(' ').writeBytes(bytes);
        }
        out.writeByte('\n');
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ");
    }
}
