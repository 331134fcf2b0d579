package dev.logq.collector.internal.relp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.testing.Connection;
import dev.logq.collector.testing.RecordingAppender;
import dev.logq.collector.testing.TrackingAllocator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RELP session as rsyslog's omrelp drives it, on an EmbeddedChannel with leak-checked buffers. */
class RelpTest {

    /** What omrelp sends first (docs/clients.md). */
    static final String OPEN = "1 open 86 relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog\n";
    static final String OPENED = "1 rsp " + ("200 OK\n" + RelpHandler.OFFERS).length() + " 200 OK\n" + RelpHandler.OFFERS + "\n";
    static final String MSG = "<13>Nov 24 09:00:00 host tag: ";

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListenerMetrics metrics = new ListenerMetrics(registry, "relp");
    private final SyslogParser parser = new SyslogParser(InstantSource.fixed(Instant.parse("2026-11-24T10:00:00Z")), ZoneOffset.UTC);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private Connection connect(int max) {
        Connection channel = Connection.open(
                new RelpInitializer(parser, new Intake(appender, metrics, Backpressure.DEFAULT, InstantSource.system()), max)::configure, alloc);
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void closeAndCheckEveryBufferWasReleased() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        alloc.assertAllReleased();
    }

    static String syslog(long txnr, String text) {
        byte[] data = (MSG + text).getBytes(UTF_8);
        return txnr + " syslog " + data.length + " " + MSG + text + "\n";
    }

    private void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(alloc.direct(text.getBytes(UTF_8)));
    }

    /** Everything the channel wrote so far, as text. */
    private static String written(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toString(UTF_8);
    }

    private double rejected(String reason) {
        Counter c = registry.find("logq.events.rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void openIsAnsweredWithOffersAndEachSyslogCommandWith200OnceAppended() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, OPEN);
        assertEquals(OPENED, written(channel));
        send(channel, syslog(2, "first") + syslog(3, "second") + syslog(4, "third"));
        assertEquals("2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 6 200 OK\n", written(channel));
        assertEquals(1, appender.batches.size(), "one append for the read");
        assertEquals(List.of("first", "second", "third"), appender.messages());
        assertEquals("relp", appender.events().getFirst().source().split(" ")[0]);
    }

    @Test
    void noAnswerBeforeTheJournalHasTheEventsAnd500IfItFails() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, OPEN);
        written(channel);
        appender.outcome = RecordingAppender.Outcome.HOLD;
        send(channel, syslog(2, "held"));
        assertEquals("", written(channel), "nothing acknowledged before the append completes");
        appender.held.getFirst().complete(null);
        channel.runPendingTasks();
        assertEquals("2 rsp 6 200 OK\n", written(channel));

        appender.outcome = RecordingAppender.Outcome.FAIL;
        send(channel, syslog(3, "lost"));
        String answer = written(channel);
        assertTrue(answer.startsWith("3 rsp ") && answer.contains(" 500 not stored: No space left on device"), answer);
    }

    @Test
    void theSameSessionGivesTheSameEventsAndAnswersWholeSplitAtEveryByteAndByteByByte() {
        String stream = OPEN + syslog(2, "a é") + syslog(3, "b\nwith a line feed inside") + "4 close 0\n";
        List<String> messages = List.of("a é", "b\nwith a line feed inside");
        String answers = OPENED + "2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 0\n";
        byte[] bytes = stream.getBytes(UTF_8);
        for (int split = 0; split < bytes.length; split++) {
            appender.batches.clear();
            EmbeddedChannel channel = connect(64 * 1024);
            if (split > 0) {
                channel.writeInbound(alloc.direct(Arrays.copyOfRange(bytes, 0, split)));
            }
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(bytes, split, bytes.length)));
            assertEquals(messages, appender.messages(), "split at " + split);
            assertEquals(answers, written(channel), "split at " + split);
            assertFalse(channel.isOpen(), "close ends the session");
        }
        appender.batches.clear();
        EmbeddedChannel channel = connect(64 * 1024);
        for (byte b : bytes) {
            channel.writeInbound(alloc.direct(new byte[] {b}));
        }
        assertEquals(messages, appender.messages(), "one byte at a time");
        assertEquals(answers, written(channel), "one byte at a time");
    }

    @Test
    void oversizeDataIsTruncatedAcknowledgedAndNeverBufferedWhole() {
        EmbeddedChannel channel = connect(480);
        send(channel, OPEN);
        written(channel);
        String big = "x".repeat(100_000);
        String frames = syslog(2, big) + syslog(3, "after");
        byte[] bytes = frames.getBytes(UTF_8);
        for (int at = 0; at < bytes.length; at += 4096) {
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 4096))));
            RelpDecoder decoder = (RelpDecoder) channel.pipeline().get("relp-decoder");
            assertTrue(decoder.buffered() < SyslogParser.maxFrameBytes(480) + 4096 + 64, "buffered " + decoder.buffered() + " at " + at);
        }
        assertEquals("2 rsp 6 200 OK\n3 rsp 6 200 OK\n", written(channel));
        List<String> got = appender.messages();
        assertEquals(2, got.size());
        assertEquals("x".repeat(480), got.get(0), "the text cut at the limit");
        assertEquals("after", got.get(1));
        assertEquals(1, registry.find("logq.events.truncated").counter().count());
    }

    @Test
    void junkEndsTheSessionWithServercloseAndIsCounted() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("0 serverclose 0\n", written(channel));
        assertFalse(channel.isOpen());
        assertEquals(1, rejected("protocol"));
        assertTrue(appender.batches.isEmpty());
    }

    @Test
    void syslogBeforeOpenIsAProtocolError() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, syslog(1, "too early"));
        assertEquals("0 serverclose 0\n", written(channel));
        assertFalse(channel.isOpen());
        assertEquals(1, rejected("protocol"));
    }

    @Test
    void unknownCommandsAreAnswered500AndTheSessionGoesOn() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, OPEN + "2 starttls 0\n" + syslog(3, "still here"));
        String answers = written(channel);
        assertTrue(answers.contains("2 rsp ") && answers.contains(" 500 unknown command 'starttls'"), answers);
        assertTrue(answers.endsWith("3 rsp 6 200 OK\n"), answers);
        assertEquals(List.of("still here"), appender.messages());
    }

    @Test
    void invalidUtf8IsStoredWithReplacementsAndCounted() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, OPEN);
        byte[] head = (MSG + "bad ").getBytes(UTF_8);
        byte[] data = Arrays.copyOf(head, head.length + 2);
        data[head.length] = (byte) 0xC3;
        data[head.length + 1] = (byte) 0x28;
        ByteBuf frame = alloc.direct(("2 syslog " + data.length + " ").getBytes(UTF_8));
        channel.writeInbound(frame);
        channel.writeInbound(alloc.direct(data));
        channel.writeInbound(alloc.direct("\n".getBytes(UTF_8)));
        assertTrue(written(channel).endsWith("2 rsp 6 200 OK\n"));
        assertEquals(List.of("bad \uFFFD("), appender.messages());
        assertEquals(1, registry.find("logq.events.invalid_utf8").counter().count());
    }

    @Test
    void whenLogqdClosesTheConnectionItSaysServercloseFirst() {
        EmbeddedChannel channel = connect(64 * 1024);
        send(channel, OPEN);
        written(channel);
        channel.close();
        assertEquals("0 serverclose 0\n", written(channel));
    }

    @Test
    void aBusyJournalDelaysTheAnswerInsteadOfFailing() {
        EmbeddedChannel channel = connect(64 * 1024);
        channel.freezeTime();
        send(channel, OPEN);
        written(channel);
        appender.busyCalls = 1;
        send(channel, syslog(2, "waits"));
        assertEquals("", written(channel));
        channel.advanceTimeBy(Backpressure.DEFAULT.busyRetry().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("2 rsp 6 200 OK\n", written(channel));
        assertEquals(List.of("waits"), appender.messages());
    }
}
