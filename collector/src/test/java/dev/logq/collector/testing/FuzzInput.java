package dev.logq.collector.testing;

import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.ListenerMetrics;
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
public final class FuzzInput {

    public static final SyslogParser PARSER = new SyslogParser(InstantSource.fixed(Instant.parse("2026-11-30T10:00:00Z")), ZoneOffset.UTC);
    public static final int MAX_MESSAGE = 512;

    private FuzzInput() {
    }

    /** Where a fuzzed listener's events go: a list, counted under {@code listener}. */
    public static Intake intake(String listener) {
        return new Intake(new RecordingAppender(), new ListenerMetrics(new SimpleMeterRegistry(), listener), Backpressure.DEFAULT,
                InstantSource.system());
    }

    /** Feeds the input to a connection whose pipeline {@code configure} (a listener initializer's) builds. */
    public static void feed(byte[] input, Consumer<ChannelPipeline> configure) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 63);
        TrackingAllocator alloc = new TrackingAllocator();
        Connection channel = Connection.open(configure, alloc);
        for (int at = 1; at < input.length && channel.isOpen(); at += piece) {  // a RELP protocol error ends the session
            channel.writeInbound(alloc.direct(Arrays.copyOfRange(input, at, Math.min(input.length, at + piece))));
        }
        channel.checkException();
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
    }
}
