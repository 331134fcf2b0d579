package dev.logq.collector.syslog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.JsonEvent;
import dev.logq.collector.ListenerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random bytes, and mutations of real frames, through the syslog TCP and RELP pipelines and the JSON
 * event parser, in random pieces: no exception escapes a handler or the parser, no buffer leaks.
 * Seeded, so a failure repeats; LOGQ_RANDOM_ROUNDS raises the 2,000 rounds per seed for a longer run.
 *
 * <p>Not coverage-guided: Jazzer 0.24.0, the newest on Maven Central, bundles an ASM that cannot read
 * Java 25 class files, so it runs but cannot instrument logq's classes.
 */
class RandomInputTest {

    private static final SyslogParser PARSER = new SyslogParser(InstantSource.fixed(Instant.parse("2026-11-30T10:00:00Z")), ZoneOffset.UTC);
    private static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("LOGQ_RANDOM_ROUNDS", "2000"));
    private static final byte[][] SEEDS = {
        bytes("1 open 42 relp_version=0\nrelp_software=x\ncommands=syslog\n2 syslog 34 <13>Nov 30 10:00:00 h app: message\n3 close 0\n"),
        bytes("57 <165>1 2026-11-30T10:00:00.1Z host app 12 ID [sd@1 a=\"b\\\"c\"] message\n<13>plain line\n"),
        bytes("{\"ts\":\"2026-11-30T10:00:00Z\",\"host\":\"h\",\"msg\":\"m\",\"sd\":{\"x@1\":{\"k\":\"v\"}},\"n\":[1,{\"a\":null}]}\n"),
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] input(Random random) {
        if (random.nextInt(4) == 0) {
            byte[] b = new byte[random.nextInt(600)];
            random.nextBytes(b);
            return b;
        }
        byte[] b = SEEDS[random.nextInt(SEEDS.length)].clone();
        for (int i = random.nextInt(8); i >= 0; i--) {  // flip, overwrite with a delimiter, or cut
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) " \n{}\"0123456789:[]<>".charAt(random.nextInt(20));
                case 2 -> b = Arrays.copyOf(b, at);
                default -> b[at] = (byte) (0x80 | random.nextInt(0x80));
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void noExceptionEscapesAndNoBufferLeaks(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] stream = input(random);
            boolean relp = random.nextBoolean();
            TrackingAllocator alloc = new TrackingAllocator();
            ListenerMetrics metrics = new ListenerMetrics(new SimpleMeterRegistry(), relp ? "relp" : "syslog-tcp");
            SyslogTcpDecoderTest.Connection channel = SyslogTcpDecoderTest.Connection.open(relp
                    ? new RelpInitializer(PARSER, new RecordingAppender(), metrics, 512)::configure
                    : new SyslogTcpInitializer(PARSER, new RecordingAppender(), metrics, 512)::configure, alloc);
            for (int at = 0; at < stream.length && channel.isOpen(); ) {  // a RELP protocol error ends the session
                int n = Math.min(stream.length - at, 1 + random.nextInt(64));
                channel.writeInbound(alloc.direct(Arrays.copyOfRange(stream, at, at + n)));
                at += n;
            }
            channel.checkException();
            channel.finishAndReleaseAll();
            alloc.assertAllReleased();
            try {
                JsonEvent.parse(stream, 0, stream.length, Instant.EPOCH, "h", "test");
            } catch (JsonEvent.Invalid expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            }
        }
    }
}
