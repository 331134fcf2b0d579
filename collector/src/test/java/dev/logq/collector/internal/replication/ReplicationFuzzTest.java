package dev.logq.collector.internal.replication;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.logq.collector.testing.FuzzInput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

/**
 * Jazzer fuzz target: any bytes on a replication connection end it with a REFUSED frame or are taken as
 * frames, and never escape the receiver as an exception or leak a buffer (see {@link FuzzInput}).
 */
class ReplicationFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void pipeline(byte[] input) {
        Receivers receivers = new Receivers(new ReceiverTest.Replica(), () -> Set.of("log1"),
                new ReceiverMetrics(new SimpleMeterRegistry()), InstantSource.fixed(Instant.EPOCH), Duration.ofMillis(20));
        FuzzInput.feed(input, receivers::configure);
    }
}
