package dev.logq.collector.internal.syslog;

import static dev.logq.collector.testing.Samples.concat;
import static dev.logq.collector.testing.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.ingest.EventBatcher;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.testing.RecordingAppender;
import dev.logq.collector.testing.Samples;
import dev.logq.collector.testing.TrackingAllocator;
import dev.logq.store.model.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyslogUdpHandlerTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.9", 514);
    static final InetSocketAddress OTHER_SENDER = new InetSocketAddress("198.51.100.3", 37001);
    static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 5514);
    static final int MAX = 64 * 1024;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListenerMetrics metrics = new ListenerMetrics(registry, "syslog-udp");
    private final SyslogParser parser = new SyslogParser(InstantSource.fixed(NOW), ZoneOffset.UTC);
    private EmbeddedChannel channel = listen(MAX);

    private EmbeddedChannel listen(int max) {
        EmbeddedChannel ch = new EmbeddedChannel(new SyslogUdpHandler(parser, new Intake(appender, metrics, Backpressure.DEFAULT, InstantSource.system()), max));
        ch.config().setAllocator(alloc);
        return ch;
    }

    @AfterEach
    void closeAndCheckEveryBufferWasReleased() {
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    private DatagramPacket datagram(byte[] bytes, InetSocketAddress sender) {
        return new DatagramPacket(alloc.direct(bytes), LISTENER, sender);
    }

    private DatagramPacket datagram(String text) {
        return datagram(utf8(text), SENDER);
    }

    private Event expected(String message, InetSocketAddress sender) {
        ByteBuf buf = alloc.heap(utf8(message));
        try {
            return parser.parse(buf, sender, "udp", MAX).event();
        } finally {
            buf.release();
        }
    }

    private List<String> texts() {
        return appender.messages();
    }

    private double count(String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachDatagramOfRealSendersIsOneEvent() {
        for (String sample : Samples.ALL) {
            channel.writeInbound(datagram(sample));
        }
        assertEquals(Samples.ALL.stream().map(s -> expected(s, SENDER)).toList(), appender.events());
        assertEquals("udp 192.0.2.9:514", appender.events().getFirst().source());
    }

    @Test
    void oneTrailingLineFeedOrNulIsDropped() {
        channel.writeInbound(datagram(Samples.RSYSLOG_5424_FROM_5424 + "\n"), datagram("<13>Nov 24 09:00:00 h t: nul\0"),
                datagram("<13>Nov 24 09:00:00 h t: crlf\r\n"), datagram("<13>Nov 24 09:00:00 h t: two\n\n"));
        assertEquals(List.of("from 5424 input", "nul", "crlf", "two\n"), texts());
    }

    @Test
    void datagramHoldsOneMessageEvenWithLineFeedsInside() {
        channel.writeInbound(datagram("<13>Nov 24 09:00:00 h t: first line\nsecond line\n"));
        assertEquals(List.of("first line\nsecond line"), texts());
    }

    @Test
    void octetCountInFrontOfADatagramIsDroppedWhenItMatches() {
        // loggen --dgram -P sends "200 <38>1 ...\n" with the count including the LF
        String body = Samples.LOGGEN_5424 + "\n";
        channel.writeInbound(datagram(utf8(body).length + " " + body), datagram("5 apples were sold"));
        assertEquals(List.of(expected(Samples.LOGGEN_5424, SENDER), expected("5 apples were sold", SENDER)), appender.events());
        assertEquals(1, count("logq.events.unparsed"));
    }

    @Test
    void datagramsOfOneReadAreOneBatch() {
        channel.writeInbound(datagram("<13>Nov 24 09:00:00 h t: a"), datagram(utf8("<13>Nov 24 09:00:00 h t: b"), OTHER_SENDER));
        channel.writeInbound(datagram("<13>Nov 24 09:00:00 h t: c"));
        assertEquals(List.of(2, 1), appender.batches.stream().map(List::size).toList());
        assertEquals("udp 198.51.100.3:37001", appender.batches.getFirst().get(1).source());
        assertEquals("udp 192.0.2.9:514", appender.batches.get(1).getFirst().source());
    }

    @Test
    void oversizeDatagramIsTruncatedAndCounted() {
        channel.finishAndReleaseAll();
        channel = listen(40);
        channel.writeInbound(datagram("<13>Nov 24 09:00:00 host tag: " + "x".repeat(100) + "\n"));
        assertEquals(List.of("x".repeat(40)), texts(), "the text is cut to the limit; the header does not count");
        assertEquals(1, count("logq.events.truncated"));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() {
        channel.writeInbound(datagram(concat(utf8("<13>Nov 24 09:00:00 h t: bad "), new byte[] {(byte) 0xC0, (byte) 0xAF}), SENDER));
        assertEquals(List.of("bad \uFFFD\uFFFD"), texts());
        assertEquals(1, count("logq.events.invalid_utf8"));
    }

    @Test
    void emptyDatagramsAreIgnoredButTheirBytesCounted() {
        channel.writeInbound(datagram(""), datagram("\n"), datagram("x"));
        assertEquals(List.of("x"), texts());
        assertEquals(1, count("logq.events.received"));
        assertEquals(2, count("logq.bytes.received"));
    }

    @Test
    void readingPausesWithEightAppendsInFlightAndResumesWhenOneCompletes() {
        appender.outcome = RecordingAppender.Outcome.HOLD;
        for (int i = 1; i <= Backpressure.DEFAULT.batchesInFlight(); i++) {
            assertTrue(channel.config().isAutoRead(), "reading before append " + i);
            channel.writeInbound(datagram("message " + i));
        }
        assertFalse(channel.config().isAutoRead());
        assertEquals(0, count("logq.events.stored"));
        appender.held.getFirst().complete(null);
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        assertEquals(1, count("logq.events.stored"));
        appender.held.forEach(f -> f.complete(null));
        channel.runPendingTasks();
        assertEquals(Backpressure.DEFAULT.batchesInFlight(), count("logq.events.stored"));
    }

    @Test
    void failedAppendsAreCountedAsRejectedByTheJournal() {
        appender.outcome = RecordingAppender.Outcome.FAIL;
        channel.writeInbound(datagram("a"), datagram("b"));
        channel.writeInbound(datagram("c"));
        assertEquals(3, registry.get("logq.events.rejected").tag("reason", "journal").counter().count());
        assertEquals(0, count("logq.events.stored"));
    }

    @Test
    void errorOnOneDatagramDoesNotCloseTheSocket() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertTrue(channel.isOpen());
        channel.checkException();
        channel.writeInbound(datagram("still listening"));
        assertEquals(List.of("still listening"), texts());
    }
}
