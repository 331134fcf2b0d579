package dev.logq.collector.internal.syslog;

import static dev.logq.collector.testing.Samples.concat;
import static dev.logq.collector.testing.Samples.octetFrame;
import static dev.logq.collector.testing.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.ingest.EventBatcher;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.testing.Connection;
import dev.logq.collector.testing.RecordingAppender;
import dev.logq.collector.testing.Samples;
import dev.logq.collector.testing.TrackingAllocator;
import dev.logq.store.model.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyslogTcpDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final InetSocketAddress PEER = Connection.PEER;
    static final int MAX = 64 * 1024;
    /** 30 bytes of header, which --max-message-size does not count: it limits the message text. */
    static final String HEADER = "<13>Nov 24 09:00:00 host tag: ";
    static final int SMALL = 40;
    /** Longer than a frame may be with a SMALL limit (text plus room for the header): the rest of it is skipped. */
    static final int BEYOND_FRAME = SyslogParser.maxFrameBytes(SMALL) + 500;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListenerMetrics metrics = new ListenerMetrics(registry, "syslog-tcp");
    private final SyslogParser parser = new SyslogParser(InstantSource.fixed(NOW), ZoneOffset.UTC);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private Connection connect(int max) {
        Connection channel = Connection.open(new SyslogTcpInitializer(parser, new Intake(appender, metrics, Backpressure.DEFAULT, InstantSource.system()), max)::configure, alloc);
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void closeAndCheckEveryBufferWasReleased() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        alloc.assertAllReleased();
    }

    /** Sends {@code stream} in pieces of {@code chunk} bytes, one read each, then closes; returns what was appended. */
    private List<Event> deliver(byte[] stream, int chunk, int max) {
        appender.batches.clear();
        Connection channel = connect(max);
        for (int at = 0; at < stream.length; at += chunk) {
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + chunk))));
        }
        channel.finishAndReleaseAll();
        return appender.events();
    }

    /** Sends {@code stream} split once at {@code split}, two reads. */
    private List<Event> deliverSplit(byte[] stream, int split, int max) {
        appender.batches.clear();
        Connection channel = connect(max);
        channel.writeInbound(alloc.direct(Arrays.copyOfRange(stream, 0, split)));
        channel.writeInbound(alloc.direct(Arrays.copyOfRange(stream, split, stream.length)));
        channel.finishAndReleaseAll();
        return appender.events();
    }

    /** The same stream must give the same events whole, split at every byte, and one byte at a time. */
    private void assertEveryChunkingGives(List<Event> expected, byte[] stream, int max) {
        assertEquals(expected, deliver(stream, stream.length, max), "whole");
        for (int split = 1; split < stream.length; split++) {
            assertEquals(expected, deliverSplit(stream, split, max), "split at " + split);
        }
        assertEquals(expected, deliver(stream, 1, max), "one byte at a time");
    }

    private Event expected(String message) {
        ByteBuf buf = alloc.heap(utf8(message));
        try {
            return parser.parse(buf, PEER, "tcp", MAX).event();
        } finally {
            buf.release();
        }
    }

    private double count(String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private double rejected(String reason) {
        Counter counter = registry.find("logq.events.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> texts(List<Event> events) {
        return events.stream().map(Event::msg).toList();
    }

    @Test
    void lfFramedStreamOfRealSendersGivesOneEventPerLine() {
        byte[] stream = utf8(String.join("\n", Samples.ALL) + "\n");
        assertEveryChunkingGives(Samples.ALL.stream().map(this::expected).toList(), stream, MAX);
    }

    @Test
    void crlfAndLfMayBeMixedAndEmptyLinesAreSkipped() {
        byte[] stream = utf8("\n" + Samples.LOGGER_3164 + "\r\n\r\n" + Samples.LOGGER_LOCAL + "\n\n" + Samples.RSYSLOG_FORWARD + "\r\n");
        List<Event> expected = Stream.of(Samples.LOGGER_3164, Samples.LOGGER_LOCAL, Samples.RSYSLOG_FORWARD).map(this::expected).toList();
        assertEveryChunkingGives(expected, stream, MAX);
    }

    @Test
    void octetCountedStreamDropsTheTrailingLfInsideEachFrame() {
        // rsyslog omfwd (RFC 5424 template) and loggen -P count an LF; RSYSLOG_ForwardFormat and logger --octet-count do not
        byte[] stream = concat(octetFrame(Samples.RSYSLOG_5424_FROM_3164), octetFrame(Samples.LOGGEN_5424),
                utf8(utf8(Samples.RSYSLOG_FORWARD).length + " " + Samples.RSYSLOG_FORWARD),
                utf8(utf8(Samples.LOGGER_5424).length + " " + Samples.LOGGER_5424), octetFrame(Samples.LOGGEN_5424_SD));
        List<Event> expected = Stream.of(Samples.RSYSLOG_5424_FROM_3164, Samples.LOGGEN_5424, Samples.RSYSLOG_FORWARD,
                Samples.LOGGER_5424, Samples.LOGGEN_5424_SD).map(this::expected).toList();
        assertEveryChunkingGives(expected, stream, MAX);
    }

    @Test
    void octetCountedFrameMayHoldLineFeedsAndBeFollowedByStrayLineEnds() {
        byte[] stream = concat(utf8("23 <13>Nov 24 09:00:00 a\nb"), utf8("\r\n"), octetFrame(Samples.LOGGER_3164), utf8("0 "));
        List<Event> events = deliver(stream, stream.length, MAX);
        assertEquals(List.of("a\nb", "hello 3164"), texts(events));
        assertEquals(0, rejected("framing"));
    }

    @Test
    void longTextIsCutToTheLimitNotCountingTheHeader() {
        byte[] stream = utf8(HEADER + "x".repeat(500) + "\n" + HEADER + "next\n");
        assertEveryChunkingGives(List.of(expected(HEADER + "x".repeat(SMALL)), expected(HEADER + "next")), stream, SMALL);
        assertEquals(1 + (stream.length - 1) + 1, count("logq.events.truncated"), "counted once per delivery");
    }

    @Test
    void oversizeLineIsTruncatedTheRestSkippedAndTheNextLineIntact() {
        byte[] stream = utf8(HEADER + "x".repeat(BEYOND_FRAME) + "\n" + HEADER + "next\n");
        assertEveryChunkingGives(List.of(expected(HEADER + "x".repeat(SMALL)), expected(HEADER + "next")), stream, SMALL);
        assertEquals(1 + (stream.length - 1) + 1, count("logq.events.truncated"), "counted once per delivery");
    }

    @Test
    void oversizeOctetFrameIsTruncatedTheRestSkippedAndTheNextFrameIntact() {
        byte[] stream = concat(octetFrame(HEADER + "y".repeat(BEYOND_FRAME)), octetFrame(HEADER + "next"));
        assertEveryChunkingGives(List.of(expected(HEADER + "y".repeat(SMALL)), expected(HEADER + "next")), stream, SMALL);
    }

    @Test
    void octetFrameOfTheLimitPlusItsLineFeedIsNotTruncated() {
        String message = HEADER + "z".repeat(SMALL);
        List<Event> events = deliver(octetFrame(message), 7, SMALL);
        assertEquals(List.of(expected(message)), events);
        assertEquals(0, count("logq.events.truncated"));
    }

    @Test
    void lineOfTheLimitPlusCrLfIsNotTruncated() {
        String message = HEADER + "z".repeat(SMALL);
        assertEquals(List.of(expected(message)), deliver(utf8(message + "\r\n"), 1, SMALL));
        assertEquals(0, count("logq.events.truncated"));
    }

    @Test
    void aHeaderLongerThanTheRoomForItCutsTheFrame() {
        String sd = "[big@1 v=\"" + "s".repeat(SyslogParser.FRAME_OVERHEAD) + "\"]";
        List<Event> events = deliver(utf8("<13>1 2026-11-24T09:00:00Z host app - - " + sd + " text\n" + HEADER + "next\n"), 1, SMALL);
        assertEquals(2, events.size());
        assertTrue(events.getFirst().msg().length() <= SMALL, events.getFirst().msg());
        assertEquals("next", events.get(1).msg());
        assertEquals(1, count("logq.events.truncated"));
    }

    @Test
    void oversizeMessagesAreNotBuffered() {
        for (byte[] stream : List.of(utf8(HEADER + "x".repeat(3 * BEYOND_FRAME) + "\n"), octetFrame(HEADER + "y".repeat(3 * BEYOND_FRAME)))) {
            Connection channel = connect(SMALL);
            SyslogTcpDecoder decoder = channel.pipeline().get(SyslogTcpDecoder.class);
            for (byte b : stream) {
                channel.writeInbound(alloc.direct(new byte[] {b}));
                assertTrue(decoder.buffered() <= SyslogParser.maxFrameBytes(SMALL) + SyslogTcpDecoder.MAX_LENGTH_DIGITS + 2,
                        "buffered " + decoder.buffered());
            }
        }
    }

    @Test
    void messageIsCutOnACharacterBoundary() {
        List<Event> events = deliver(utf8("abcdé\nnext\n"), 1, 5);
        assertEquals(List.of("abcd", "next"), texts(events));
        assertEquals(0, count("logq.events.invalid_utf8"));
    }

    @Test
    void tooLongLengthIsAFramingErrorAndTheConnectionContinuesLfFramed() {
        byte[] stream = utf8("12345678901 hello\n" + Samples.LOGGER_3164 + "\n" + "5 not octets any more\n");
        assertEveryChunkingGives(List.of(expected("12345678901 hello"), expected(Samples.LOGGER_3164), expected("5 not octets any more")), stream, MAX);
        assertEquals(stream.length + 1, rejected("framing"), "once per connection");
    }

    @Test
    void lengthNotFollowedBySpaceIsAFramingError() {
        byte[] stream = concat(octetFrame(Samples.LOGGER_3164), utf8("12x junk\n"), utf8(Samples.LOGGER_LOCAL + "\n"));
        List<Event> events = deliver(stream, stream.length, MAX);
        assertEquals(List.of(expected(Samples.LOGGER_3164), expected("12x junk"), expected(Samples.LOGGER_LOCAL)), events);
        assertEquals(1, rejected("framing"));
        assertEquals(1, count("logq.events.unparsed"));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() {
        byte[] stream = concat(utf8(HEADER + "bad "), new byte[] {(byte) 0xFF, (byte) 0xC3}, utf8("\n" + HEADER + "good é\n"));
        List<Event> events = deliver(stream, stream.length, MAX);
        assertEquals(List.of("bad \uFFFD\uFFFD", "good é"), texts(events));
        assertEquals(1, count("logq.events.invalid_utf8"));
    }

    @Test
    void lastLineWithoutLineFeedIsDeliveredWhenTheConnectionCloses() {
        assertEquals(List.of("one", "two"), texts(deliver(utf8(HEADER + "one\n" + HEADER + "two"), 3, MAX)));
        assertEquals(List.of("three", "partial"), texts(deliver(concat(octetFrame(HEADER + "three"), utf8("99 " + HEADER + "partial")), 5, MAX)));
    }

    @Test
    void oneBatchPerReadBurst() {
        Connection channel = connect(MAX);
        channel.writeInbound(alloc.direct(utf8(HEADER + "a\n" + HEADER + "b\n")), alloc.direct(utf8(HEADER + "c\n")));
        channel.writeInbound(alloc.direct(utf8(HEADER + "d\n")));
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d")), appender.batches.stream().map(this::texts).toList());
    }

    @Test
    void countsEventsBytesAndConnections() {
        byte[] stream = utf8(HEADER + "a\n" + HEADER + "b\nno pri\n");
        Connection channel = connect(MAX);
        assertEquals(1, count("logq.connections.opened"));
        assertEquals(1, registry.get("logq.connections.active").gauge().value());
        channel.writeInbound(alloc.direct(stream));
        channel.finishAndReleaseAll();
        assertEquals(3, count("logq.events.received"));
        assertEquals(3, count("logq.events.stored"));
        assertEquals(1, count("logq.events.unparsed"));
        assertEquals(stream.length, count("logq.bytes.received"));
        assertEquals(0, registry.get("logq.connections.active").gauge().value());
    }

    @Test
    void failedAppendIsCountedAsRejectedByTheJournal() {
        appender.outcome = RecordingAppender.Outcome.FAIL;
        Connection channel = connect(MAX);
        channel.writeInbound(alloc.direct(utf8(HEADER + "a\n" + HEADER + "b\n")));
        channel.writeInbound(alloc.direct(utf8(HEADER + "c\n")));
        assertEquals(3, rejected("journal"));
        assertEquals(0, count("logq.events.stored"));
        assertTrue(channel.isOpen(), "a journal failure does not close the connection");
    }

    @Test
    void readingPausesWithEightAppendsInFlightAndResumesWhenOneCompletes() {
        appender.outcome = RecordingAppender.Outcome.HOLD;
        Connection channel = connect(MAX);
        for (int i = 1; i <= Backpressure.DEFAULT.batchesInFlight(); i++) {
            assertTrue(channel.config().isAutoRead(), "reading before append " + i);
            channel.writeInbound(alloc.direct(utf8(HEADER + i + "\n")));
        }
        assertFalse(channel.config().isAutoRead());
        appender.held.get(3).complete(null);
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        assertEquals(1, count("logq.events.stored"));
    }

    @Test
    void jsonLinesOnTheSyslogPortBecomeJsonEventsAndBrokenOnesAreKeptVerbatim() {
        List<Event> events = deliver(utf8("{\"host\":\"vec2\",\"message\":\"from a socket sink\",\"n\":3}\n"
                + "{\"message\": \"cut\n" + HEADER + "plain syslog\n"), 1000, MAX);
        assertEquals(3, events.size());
        assertEquals("vec2", events.get(0).host());
        assertEquals("from a socket sink", events.get(0).msg());
        assertEquals("{\"n\":3}", events.get(0).fields());
        assertEquals("{\"message\": \"cut", events.get(1).msg(), "not JSON after all: stored as it came");
        assertEquals("plain syslog", events.get(2).msg());
        assertEquals(1, count("logq.events.unparsed"));
    }

    @Test
    void aBusyJournalPausesReadingAndTheBatchIsOfferedAgainUntilTaken() {
        appender.busyCalls = 2;
        Connection channel = connect(MAX);
        channel.freezeTime();
        channel.writeInbound(alloc.direct(utf8(HEADER + "kept\n")));
        assertFalse(channel.config().isAutoRead(), "reading stops while the journal is busy");
        assertEquals(0, appender.batches.size());
        for (int retry = 0; retry < 2; retry++) {
            channel.advanceTimeBy(Backpressure.DEFAULT.busyRetry().toMillis(), TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
        assertEquals(0, appender.busyCalls, "offered until taken");
        assertEquals(List.of("kept"), appender.messages());
        assertEquals(1, count("logq.events.stored"));
        assertEquals(0, rejected("journal"));
        assertTrue(channel.config().isAutoRead(), "reading resumes once the batch is taken");
    }

    // --- seeded random streams: what goes in as lines or frames comes out as messages, however it is chunked ---

    private static final byte[] TEXT = utf8("ab :[]\"=-0123456789\r\n é");

    private byte[] randomText(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = TEXT[random.nextInt(TEXT.length)];
        }
        return bytes;
    }

    private List<Event> deliverRandomly(byte[] stream, Random random, int max) {
        appender.batches.clear();
        Connection channel = connect(max);
        for (int at = 0; at < stream.length; ) {
            int n = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(stream, at, at + n)));
            at += n;
        }
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
        return appender.events();
    }

    @Test
    void randomLinesComeOutAsTheyWentIn() {
        Random random = new Random(6587);
        for (int round = 0; round < 300; round++) {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            stream.writeBytes(utf8("a\n")); // LF framing, whatever the random bytes begin with
            List<String> expected = new ArrayList<>(List.of("a"));
            for (int lines = random.nextInt(20); lines > 0; lines--) {
                String line = new String(randomText(random, 60), java.nio.charset.StandardCharsets.UTF_8).replace("\n", "").replace("\r", "");
                stream.writeBytes(utf8(line + (random.nextBoolean() ? "\r\n" : "\n")));
                if (!line.isEmpty()) {
                    expected.add(line);
                }
            }
            assertEquals(expected, texts(deliverRandomly(stream.toByteArray(), random, MAX)), "round " + round);
        }
        assertEquals(0, rejected("framing"));
    }

    @Test
    void randomOctetFramesComeOutAsTheyWentIn() {
        Random random = new Random(5425);
        for (int round = 0; round < 300; round++) {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            for (int frames = 1 + random.nextInt(20); frames > 0; frames--) {
                byte[] body = concat(utf8("x"), randomText(random, 60)); // never empty, never an LF alone
                stream.writeBytes(utf8(body.length + " "));
                stream.writeBytes(body);
                int size = body[body.length - 1] == '\n' ? body.length - 1 : body.length;
                expected.add(new String(body, 0, size, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals(expected, texts(deliverRandomly(stream.toByteArray(), random, MAX)), "round " + round);
        }
        assertEquals(0, rejected("framing"));
    }

    @Test
    void randomJunkWithASmallLimitNeverFailsTheConnection() {
        Random random = new Random(1995);
        for (int round = 0; round < 300; round++) {
            byte[] stream = randomText(random, 2000);
            List<Event> events = deliverRandomly(stream, random, 16);
            // each U+FFFD stands for at least one byte received
            events.forEach(e -> assertTrue(utf8(e.msg().replace('\uFFFD', '?')).length <= 16, e.msg()));
        }
    }

    @Test
    void pipelineErrorClosesTheConnectionWithoutEscaping() {
        Connection channel = connect(MAX);
        channel.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertFalse(channel.isOpen());
        channel.checkException();
    }
}
