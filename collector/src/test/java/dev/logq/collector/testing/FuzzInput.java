package dev.logq.collector.syslog;

import dev.logq.collector.ListenerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelPipeline;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Feeds one fuzzer input through a real listener pipeline and checks what every fuzz target checks:
 * no exception escapes a handler and every buffer is released. The input's first byte picks the
 * size of the pieces the rest arrives in (1 to 64 bytes per read), so frames split at every place.
 */
final class FuzzInput {

    static final SyslogParser PARSER = new SyslogParser(InstantSource.fixed(Instant.parse("2026-11-30T10:00:00Z")), ZoneOffset.UTC);
    static final int MAX_MESSAGE = 512;

    private FuzzInput() {
    }

    static void throughSyslogTcp(byte[] input) {
        ListenerMetrics metrics = new ListenerMetrics(new SimpleMeterRegistry(), "syslog-tcp");
        feed(input, new SyslogTcpInitializer(PARSER, new RecordingAppender(), metrics, MAX_MESSAGE)::configure);
    }

    static void throughRelp(byte[] input) {
        ListenerMetrics metrics = new ListenerMetrics(new SimpleMeterRegistry(), "relp");
        feed(input, new RelpInitializer(PARSER, new RecordingAppender(), metrics, MAX_MESSAGE)::configure);
    }

    private static void feed(byte[] input, Consumer<ChannelPipeline> configure) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 63);
        TrackingAllocator alloc = new TrackingAllocator();
        SyslogTcpDecoderTest.Connection channel = SyslogTcpDecoderTest.Connection.open(configure, alloc);
        for (int at = 1; at < input.length && channel.isOpen(); at += piece) {  // a RELP protocol error ends the session
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(input, at, Math.min(input.length, at + piece))));
        }
        channel.checkException();
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
    }
}
