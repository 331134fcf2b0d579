package dev.logq.collector.internal.message;

import static dev.logq.collector.testing.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logq.collector.internal.net.Peer;
import dev.logq.collector.testing.Samples;
import dev.logq.collector.testing.TrackingAllocator;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import io.netty.buffer.ByteBuf;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyslogParserTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.7", 40312);
    static final int MAX = 64 * 1024;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final SyslogParser parser = new SyslogParser(InstantSource.fixed(NOW), ZoneOffset.UTC);

    @AfterEach
    void everyBufferIsReleased() {
        alloc.assertAllReleased();
    }

    private Parsed parse(SyslogParser p, byte[] bytes, int max) {
        ByteBuf buf = alloc.heap(bytes);
        try {
            return p.parse(buf, SENDER, "tcp", max);
        } finally {
            buf.release();
        }
    }

    private Parsed parse(String message) {
        return parse(parser, utf8(message), MAX);
    }

    private Event event(String message) {
        Parsed parsed = parse(message);
        assertFalse(parsed.unparsed(), "parsed as syslog");
        return parsed.event();
    }

    private static SyslogParser parserAt(String now, String zone) {
        return new SyslogParser(InstantSource.fixed(Instant.parse(now)), ZoneId.of(zone));
    }

    // --- host statistics ---

    @Test
    void aSampleFromLogqPerfmonOrJsonperfmonBecomesTheEventsFieldsAndKeepsItsText() {
        String json = "{\"cpu_total\":{\"physique\":{\"user_pct\":12.5}},\"server\":\"web1\",\"timestamp\":1796161355}";
        Event fromAgent = event("<142>1 2026-11-24T09:59:59Z web1 logq-perfmon 812 - - " + json);
        Event fromRsyslog = event("<142>Nov 24 09:59:59 web1 jsonperfmon[77]: " + json);

        assertEquals(json, fromAgent.fields());
        assertEquals(json, fromAgent.msg());
        assertEquals(json, fromRsyslog.fields());
        assertEquals(Facility.LOCAL1, fromRsyslog.facility());
    }

    @Test
    void otherAppsAndSamplesThatAreNotOneJsonObjectStayText() {
        // jsonperfmon did not escape process names: such a line is not JSON, and is kept as text
        assertNull(event("<142>Nov 24 09:59:59 web1 jsonperfmon[77]: {\"process\":\"bad\"quote\"}").fields());
        assertNull(event("<142>Nov 24 09:59:59 web1 jsonperfmon[77]: {\"a\":1} {\"b\":2}").fields());
        assertNull(event("<142>Nov 24 09:59:59 web1 myapp[77]: {\"a\":1}").fields());
    }

    // --- rsyslog omfwd ---

    @Test
    void rsyslogRfc5424WithDoubleSpaceReadsLikeTheMessageItRelays() {
        Event e = event(Samples.RSYSLOG_5424_FROM_3164);
        assertAll(
                () -> assertEquals(Instant.parse("2026-11-24T09:26:23Z"), e.ts()),
                () -> assertEquals(NOW, e.received()),
                () -> assertEquals("vm", e.host()),
                () -> assertEquals("app3164", e.app()),
                () -> assertEquals("6328", e.procid()),
                () -> assertNull(e.msgid()),
                () -> assertEquals(Map.of(), e.sd()),
                () -> assertEquals(Facility.USER, e.facility()),
                () -> assertEquals(Severity.NOTICE, e.severity()),
                () -> assertEquals("from 3164 input", e.msg()),
                () -> assertEquals("tcp 192.0.2.7:40312", e.source()),
                () -> assertNull(e.origin()),
                () -> assertEquals(Event.NO_SEQ, e.seq()),
                () -> assertNull(e.fields()));
    }

    @Test
    void rsyslogRfc5424KeepsMicrosecondsMsgidAndStructuredData() {
        Event e = event(Samples.RSYSLOG_5424_FROM_5424);
        assertEquals(Instant.parse("2026-11-24T09:26:23.779394Z"), e.ts());
        assertEquals("M1", e.msgid());
        assertNull(e.procid());
        assertEquals(Map.of("timeQuality", Map.of("tzKnown", "1", "isSynced", "0")), e.sd());
        assertEquals("from 5424 input", e.msg());
    }

    @Test
    void rsyslogRfc5424WithoutStructuredData() {
        Event e = event(Samples.RSYSLOG_5424_NO_SD);
        assertEquals(Map.of(), e.sd());
        assertEquals("from 5424 input nosd", e.msg());
    }

    @Test
    void rsyslogRfc5424FromSpacePaddedDay() {
        Event e = event(Samples.RSYSLOG_5424_SPACE_PADDED_DAY);
        assertEquals(Instant.parse("2026-11-04T09:00:00Z"), e.ts());
        assertEquals(Severity.INFO, e.severity());
        assertEquals("myhost", e.host());
        assertEquals("single", e.app());
        assertEquals("digit day", e.msg());
    }

    @Test
    void rsyslogForwardFormatHasAnRfc3339TimestampInAnRfc3164Header() {
        Event e = event(Samples.RSYSLOG_FORWARD);
        assertEquals(Instant.parse("2026-11-24T09:26:23Z"), e.ts());
        assertEquals("vm", e.host());
        assertEquals("app3164", e.app());
        assertEquals("6328", e.procid());
        assertEquals("from 3164 input", e.msg());
    }

    @Test
    void rsyslogForwardFormatTagWithoutColonEndsAtTheSpace() {
        Event e = event(Samples.RSYSLOG_FORWARD_TAG_WITHOUT_COLON);
        assertEquals(Instant.parse("2026-11-24T09:26:23.779394Z"), e.ts());
        assertEquals("vm", e.host());
        assertEquals("app5424", e.app());
        assertEquals("from 5424 input", e.msg());
    }

    @Test
    void rsyslogTraditionalForwardFormatWithSpacePaddedDay() {
        Event e = event(Samples.RSYSLOG_TRADITIONAL);
        assertEquals(Instant.parse("2026-11-04T09:00:00Z"), e.ts());
        assertEquals("myhost", e.host());
        assertEquals("single", e.app());
        assertNull(e.procid());
        assertEquals("digit day", e.msg());
    }

    // --- util-linux logger ---

    @Test
    void loggerRfc5424WithProcidAndTimeQuality() {
        Event e = event(Samples.LOGGER_5424);
        assertEquals(Instant.parse("2026-11-24T09:24:44.767791Z"), e.ts());
        assertEquals("myapp", e.app());
        assertEquals("4242", e.procid());
        assertEquals(Map.of("timeQuality", Map.of("tzKnown", "1", "isSynced", "0")), e.sd());
        assertEquals("hello 5424 world", e.msg());
    }

    @Test
    void loggerStructuredDataKeepsElementOrderAndUnescapesQuotes() {
        Event e = event(Samples.LOGGER_5424_SD);
        assertEquals(List.of("timeQuality", "zoo@123"), List.copyOf(e.sd().keySet()));
        assertEquals("hungry\"x", e.sd().get("zoo@123").get("tiger"));
        assertEquals("MID", e.msgid());
        assertEquals("with sd", e.msg());
    }

    @Test
    void loggerRfc5424WithNilTimestampAndHostTakesReceiveTimeAndSender() {
        Event e = event(Samples.LOGGER_5424_NOTIME_NOHOST);
        assertEquals(NOW, e.ts());
        assertEquals("192.0.2.7", e.host());
        assertEquals("myapp", e.app());
        assertEquals("notime nohost", e.msg());
    }

    @Test
    void loggerRfc3164() {
        Event e = event(Samples.LOGGER_3164);
        assertEquals(Instant.parse("2026-11-24T09:24:49Z"), e.ts());
        assertEquals("vm", e.host());
        assertEquals("myapp", e.app());
        assertEquals("hello 3164", e.msg());
    }

    @Test
    void priGivesFacilityAndSeverity() {
        Event e = event(Samples.LOGGER_3164_UDP_FACILITY);
        assertEquals(Facility.LOCAL3, e.facility());
        assertEquals(Severity.WARNING, e.severity());
        assertEquals("root", e.app());
    }

    @Test
    void loggerToTheLocalSocketSendsNoHostname() {
        Event e = event(Samples.LOGGER_LOCAL);
        assertEquals("192.0.2.7", e.host());
        assertEquals("mytag", e.app());
        assertEquals("unix no host", e.msg());
        Event withPid = event(Samples.LOGGER_LOCAL_PID);
        assertEquals("192.0.2.7", withPid.host());
        assertEquals("mytag", withPid.app());
        assertEquals("6217", withPid.procid());
        assertEquals("unix with pid", withPid.msg());
    }

    // --- loggen ---

    @Test
    void loggenRfc5424ByteOrderMarkIsDropped() {
        Event e = event(Samples.LOGGEN_5424);
        assertEquals("prg00000", e.app());
        assertEquals("1234", e.procid());
        assertTrue(e.msg().startsWith("seq: 0000000000, thread: 0000"), e.msg());
    }

    @Test
    void loggenStructuredDataWithEscapedBracketAndQuote() {
        Event e = event(Samples.LOGGEN_5424_SD);
        assertEquals(Map.of("test", Map.of("name", "va]l\"ue")), e.sd());
        assertTrue(e.msg().startsWith("seq: "), e.msg());
    }

    @Test
    void loggenRfc3164TimestampWithoutOffsetIsReadInTheConfiguredZone() {
        Event e = parse(parserAt("2026-11-24T10:00:00Z", "Europe/Berlin"), utf8(Samples.LOGGEN_3164), MAX).event();
        assertEquals(Instant.parse("2026-11-24T08:25:41Z"), e.ts());
        assertEquals("localhost", e.host());
        assertEquals("prg00000", e.app());
        assertEquals("1234", e.procid());
    }

    // --- PRI ---

    @Test
    void messageWithoutPriIsKeptVerbatimAsUserNotice() {
        Parsed p = parse("just some text: not syslog");
        assertTrue(p.unparsed());
        Event e = p.event();
        assertEquals("just some text: not syslog", e.msg());
        assertEquals("192.0.2.7", e.host());
        assertEquals(Facility.USER, e.facility());
        assertEquals(Severity.NOTICE, e.severity());
        assertEquals(NOW, e.ts());
        assertEquals("tcp 192.0.2.7:40312", e.source());
    }

    @Test
    void pri191IsLocal7Debug() {
        Event e = event("<191>Nov 24 09:00:00 host app: last valid pri");
        assertEquals(Facility.LOCAL7, e.facility());
        assertEquals(Severity.DEBUG, e.severity());
        assertEquals("last valid pri", e.msg());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<192>Nov 24 09:00:00 host app: too big", "<>x", "<1234>x", "<13 x", "<-1>x", "<1a>x", "<", "<13"})
    void malformedPriIsKeptVerbatim(String message) {
        Parsed p = parse(message);
        assertTrue(p.unparsed());
        assertEquals(message, p.event().msg());
        assertEquals(Severity.NOTICE, p.event().severity());
    }

    @Test
    void priFollowedByGarbageKeepsPriAndTheRestAsText() {
        Parsed p = parse("<11>this is no header at all");
        assertFalse(p.unparsed());
        assertEquals(Facility.USER, p.event().facility());
        assertEquals(Severity.ERR, p.event().severity());
        assertEquals("this is no header at all", p.event().msg());
        assertEquals("192.0.2.7", p.event().host());
        assertNull(p.event().app());
        assertEquals(NOW, p.event().ts());
    }

    // --- RFC 5424 details ---

    @Test
    void structuredDataEscapesAndSeveralElements() {
        Event e = event("<13>1 - h a - - [a@1 q=\"say \\\"hi\\\"\" b=\"back\\\\slash\" c=\"br\\]acket\" d=\"keep\\n\"][b@2 x=\"1\"] m");
        assertEquals(Map.of("q", "say \"hi\"", "b", "back\\slash", "c", "br]acket", "d", "keep\\n"), e.sd().get("a@1"));
        assertEquals(Map.of("x", "1"), e.sd().get("b@2"));
        assertEquals("m", e.msg());
    }

    @Test
    void unterminatedStructuredDataBecomesMessageText() {
        Event e = event("<13>1 - h a - - [a@1 q=\"open m");
        assertEquals(Map.of(), e.sd());
        assertEquals("[a@1 q=\"open m", e.msg());
    }

    @Test
    void structuredDataWrittenSlightlyWrongIsStillSplitWhereThatIsUnambiguous() {
        Event spaced = event("<13>1 2026-11-24T09:00:00Z h a - - [a@1 x= \"1\" y=\"b]c\"] the text");
        assertEquals(Map.of("a@1", Map.of("x", "1", "y", "b]c")), spaced.sd(), "a space after '=', an unescaped ']' in a value");
        assertEquals("the text", spaced.msg());
        Event noMsgid = event("<13>1 2026-11-24T09:00:00Z h a 42 [meta sequenceId=\"7\"] text");
        assertEquals(Map.of("meta", Map.of("sequenceId", "7")), noMsgid.sd(), "MSGID left out");
        assertNull(noMsgid.msgid());
        assertEquals("text", noMsgid.msg());
        Event ambiguous = event("<13>1 2026-11-24T09:00:00Z h a - - [a@1 x=1] text");
        assertEquals(Map.of(), ambiguous.sd(), "an unquoted value is not structured data");
        assertEquals("[a@1 x=1] text", ambiguous.msg(), "kept whole as the text");
    }

    @Test
    void senderThatSkipsStructuredDataStillGetsItsMessage() {
        Event e = event("<13>1 2026-11-24T09:00:00Z h a - - hello there");
        assertEquals(Map.of(), e.sd());
        assertEquals("hello there", e.msg());
        assertEquals("a", e.app());
    }

    @Test
    void rfc5424WithoutMsgHasEmptyText() {
        Event e = event("<13>1 2026-11-24T09:00:00Z h a - -  -");
        assertEquals("", e.msg());
        assertEquals("h", e.host());
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), e.ts());
    }

    @Test
    void onlyOneExtraSpaceBeforeMsgIsDropped() {
        assertEquals(" three", event("<13>1 - h a - - -   three").msg());
    }

    @Test
    void timestampKeepsNanosecondsAndOffset() {
        assertEquals(Instant.parse("2026-11-24T03:30:00.123456789Z"), event("<13>1 2026-11-24T09:00:00.123456789+05:30 h a - - - m").ts());
        assertEquals(Instant.parse("2026-11-24T17:00:00.123456789Z"), event("<13>1 2026-11-24t09:00:00.1234567891234-08:00 h a - - - m").ts());
        assertEquals(Instant.parse("2026-11-24T09:00:00.5Z"), event("<13>1 2026-11-24T09:00:00.5z h a - - - m").ts());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T09:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T09:00:00+19:00", "2026-11-24T09:00:00.Z",
            "2026-11-24T09:00:00+0", "2026-11-24T09:00", "yesterday"})
    void invalidTimestampFallsBackToReceiveTime(String timestamp) {
        Event e = event("<13>1 " + timestamp + " h a - - - m");
        assertEquals(NOW, e.ts());
        assertEquals("m", e.msg());
    }

    // --- RFC 3164 details ---

    @Test
    void firstWordIsTheHostUnlessItLooksLikeATag() {
        Event withHost = event("<13>Nov 24 09:00:00 web1 tag msg text");
        assertEquals("web1", withHost.host());
        assertEquals("tag", withHost.app());
        assertEquals("msg text", withHost.msg());
        Event cisco = event("<166>Nov 24 09:00:00 %ASA-6-302013: Built outbound");
        assertEquals("192.0.2.7", cisco.host());
        assertEquals("%ASA-6-302013", cisco.app());
        assertEquals("Built outbound", cisco.msg());
    }

    @Test
    void messageMayStartWithASpace() {
        Event e = event("<13>Nov 24 09:00:00 host tag:  indented");
        assertEquals("tag", e.app());
        assertEquals(" indented", e.msg());
    }

    @Test
    void singleDigitDayAndFractionalSeconds() {
        assertEquals(Instant.parse("2026-11-04T09:00:00Z"), event("<13>Nov 4 09:00:00 host tag: m").ts());
        assertEquals(Instant.parse("2026-11-04T09:00:00.250Z"), event("<13>nov 04 09:00:00.25 host tag: m").ts());
    }

    @Test
    void lastWordAfterTheTimestampIsTextNotATag() {
        Event e = event("<13>Nov 24 09:00:00 hello");
        assertNull(e.app());
        assertEquals("hello", e.msg());
        assertEquals("192.0.2.7", e.host());
    }

    @Test
    void tagWithoutPidAndEmptyMessage() {
        Event e = event("<13>Nov 24 09:00:00 host tag:");
        assertEquals("host", e.host());
        assertEquals("tag", e.app());
        assertNull(e.procid());
        assertEquals("", e.msg());
    }

    @Test
    void decemberMessageReadJustAfterNewYearIsLastYears() {
        Parsed p = parse(parserAt("2027-01-01T00:30:00Z", "UTC"), utf8("<13>Dec 31 23:59:00 host tag: m"), MAX);
        assertEquals(Instant.parse("2026-12-31T23:59:00Z"), p.event().ts());
        Parsed jan = parse(parserAt("2027-01-01T00:30:00Z", "UTC"), utf8("<13>Jan  1 00:10:00 host tag: m"), MAX);
        assertEquals(Instant.parse("2027-01-01T00:10:00Z"), jan.event().ts());
    }

    @Test
    void januaryMessageFromASenderAheadAcrossNewYearIsNextYears() {
        Parsed p = parse(parserAt("2026-12-31T23:30:00Z", "UTC"), utf8("<13>Jan  1 00:10:00 host tag: m"), MAX);
        assertEquals(Instant.parse("2027-01-01T00:10:00Z"), p.event().ts());
    }

    @Test
    void yearIsThatOfTheConfiguredZone() {
        // 23:30 UTC on New Year's Eve is already 00:30 on January 1st in Berlin
        Parsed p = parse(parserAt("2026-12-31T23:30:00Z", "Europe/Berlin"), utf8("<13>Jan  1 00:10:00 host tag: m"), MAX);
        assertEquals(Instant.parse("2026-12-31T23:10:00Z"), p.event().ts());
    }

    @Test
    void timestampMoreThanADayAheadIsLastYears() {
        SyslogParser june15 = parserAt("2026-06-15T12:00:00Z", "UTC");
        assertEquals(Instant.parse("2026-06-16T06:00:00Z"), parse(june15, utf8("<13>Jun 16 06:00:00 h t: m"), MAX).event().ts());
        assertEquals(Instant.parse("2025-06-17T12:00:00Z"), parse(june15, utf8("<13>Jun 17 12:00:00 h t: m"), MAX).event().ts());
    }

    @Test
    void february29thReadInACommonYearIsTheLastLeapYears() {
        Parsed p = parse(parserAt("2029-03-01T00:00:00Z", "UTC"), utf8("<13>Feb 29 12:00:00 host tag: m"), MAX);
        assertEquals(Instant.parse("2028-02-29T12:00:00Z"), p.event().ts());
    }

    // --- bytes ---

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = Samples.concat(utf8("<13>Nov 24 09:00:00 host app: caf"), new byte[] {(byte) 0xC3, ' ', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8(" end"));
        Parsed p = parse(parser, bytes, MAX);
        assertTrue(p.invalidUtf8());
        assertFalse(p.unparsed());
        // Java decodes the encoded surrogate ED A0 80 as one U+FFFD
        assertEquals("caf\uFFFD \uFFFD\uFFFD end", p.event().msg());
    }

    @Test
    void validUtf8IsDecodedAndNotFlagged() {
        Parsed p = parse("<13>Nov 24 09:00:00 hôst app: café ☕ \uD834\uDD1E");
        assertFalse(p.invalidUtf8());
        assertEquals("hôst", p.event().host());
        assertEquals("café ☕ \uD834\uDD1E", p.event().msg());
    }

    @Test
    void longMessageIsCutOnACharacterBoundary() {
        Parsed p = parse(parser, utf8("abé and more"), 3);
        assertTrue(p.truncated());
        assertFalse(p.invalidUtf8());
        assertEquals("ab", p.event().msg());
        Parsed exact = parse(parser, utf8("abé"), 4);
        assertFalse(exact.truncated());
        assertEquals("abé", exact.event().msg());
    }

    @Test
    void directAndHeapBuffersAndOffsetsParseAlike() {
        for (String sample : Samples.ALL) {
            ByteBuf heap = alloc.heap(utf8(sample));
            ByteBuf direct = alloc.direct(utf8(sample));
            ByteBuf shifted = alloc.heap(utf8("junk" + sample));
            try {
                shifted.skipBytes(4);
                Event fromHeap = parser.parse(heap, SENDER, "tcp", MAX).event();
                assertEquals(fromHeap, parser.parse(direct, SENDER, "tcp", MAX).event(), sample);
                assertEquals(fromHeap, parser.parse(shifted, SENDER, "tcp", MAX).event(), sample);
                assertEquals(4, shifted.readerIndex(), "the frame's indices are left alone");
            } finally {
                heap.release();
                direct.release();
                shifted.release();
            }
        }
    }

    @Test
    void ipv6SenderIsBracketedInSource() {
        ByteBuf buf = alloc.heap(utf8("text"));
        try {
            Event e = parser.parse(buf, new InetSocketAddress("2001:db8:0:0:0:0:0:7", 514), "udp", MAX).event();
            assertEquals("2001:db8::7", e.host());
            assertEquals("udp [2001:db8::7]:514", e.source());
        } finally {
            buf.release();
        }
    }

    // --- the real util-linux logger, one short run each ---

    private static final Path LOGGER = Path.of("/usr/bin/logger");

    private Event fromRealLogger(String... options) throws Exception {
        assumeTrue(Files.isExecutable(LOGGER), "util-linux logger is installed (docs/clients.md)");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(10_000);
            List<String> command = new ArrayList<>(List.of(LOGGER.toString(), "--udp", "--server", "127.0.0.1",
                    "--port", Integer.toString(socket.getLocalPort()), "-t", "logq-test", "--id=4242"));
            command.addAll(List.of(options));
            command.add("hello from the real logger");
            Process logger = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(logger.waitFor(10, TimeUnit.SECONDS), "logger finished");
            String output = new String(logger.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, logger.exitValue(), output);
            java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[65536], 65536);
            socket.receive(packet);
            return parse(new SyslogParser(InstantSource.system(), ZoneId.systemDefault()),
                    java.util.Arrays.copyOf(packet.getData(), packet.getLength()), MAX).event();
        }
    }

    @Test
    void realLoggerRfc5424() throws Exception {
        Event e = fromRealLogger("--rfc5424", "--msgid", "M1", "-p", "local3.warning");
        assertEquals("logq-test", e.app());
        assertEquals("4242", e.procid());
        assertEquals("M1", e.msgid());
        assertEquals(Facility.LOCAL3, e.facility());
        assertEquals(Severity.WARNING, e.severity());
        assertTrue(e.sd().containsKey("timeQuality"), e.sd().toString());
        assertEquals("hello from the real logger", e.msg());
        assertNotEquals("192.0.2.7", e.host());
        assertTrue(Duration.between(e.ts(), e.received()).abs().compareTo(Duration.ofMinutes(1)) < 0, e.ts() + " vs " + e.received());
    }

    @Test
    void realLoggerRfc3164() throws Exception {
        Event e = fromRealLogger("--rfc3164");
        assertEquals("logq-test", e.app());
        assertEquals("4242", e.procid());
        assertEquals(Facility.USER, e.facility());
        assertEquals("hello from the real logger", e.msg());
        assertTrue(Duration.between(e.ts(), e.received()).abs().compareTo(Duration.ofMinutes(1)) < 0, e.ts() + " vs " + e.received());
    }

    // --- robustness: the parse below the safety net must not throw ---

    private Event parseUnguarded(byte[] bytes, int length) {
        Cursor cursor = new Cursor(bytes, 0, length, Utf8.scan(bytes, 0, length) == Utf8.ASCII, length);
        return parser.parse(cursor, NOW, Peer.of("tcp", SENDER));
    }

    @Test
    void everyPrefixOfEverySampleParses() {
        for (String sample : Samples.ALL) {
            byte[] bytes = utf8(sample);
            for (int n = 0; n <= bytes.length; n++) {
                int length = n;
                assertDoesNotThrow(() -> parseUnguarded(bytes, length), () -> "prefix " + length + " of " + sample);
                Parsed p = parse(parser, java.util.Arrays.copyOf(bytes, n), MAX);
                assertNotNull(p.event().msg());
                int limit = Math.max(n, 1);
                String whole = parse(parser, bytes, MAX).event().msg();
                Parsed cut = parse(parser, bytes, limit);
                assertEquals(utf8(whole).length > limit, cut.truncated(), () -> "cut at " + length + " of " + sample);
                assertTrue(whole.startsWith(cut.event().msg()) && utf8(cut.event().msg()).length <= limit,
                        () -> "text cut to " + length + " of " + sample);
            }
        }
    }

    @Test
    void randomlyMutatedSamplesParse() {
        byte[] alphabet = utf8("<>[]\"\\= -:.T+Z0159\n\r");
        Random random = new Random(20261124);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = utf8(Samples.ALL.get(random.nextInt(Samples.ALL.size())));
            for (int m = random.nextInt(4); m >= 0; m--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = random.nextInt(5) == 0 ? (byte) (0x80 + random.nextInt(128)) : alphabet[random.nextInt(alphabet.length)];
            }
            int length = random.nextInt(bytes.length + 1);
            assertDoesNotThrow(() -> parseUnguarded(bytes, length), () -> new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
