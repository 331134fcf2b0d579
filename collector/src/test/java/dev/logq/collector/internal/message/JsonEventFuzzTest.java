package dev.logq.collector.internal.message;

import dev.logq.collector.internal.net.Peer;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/** Jazzer fuzz target: any bytes give an event or a {@link JsonEvent.Invalid} with a message, nothing else. */
class JsonEventFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        try {
            JsonEvent.parse(input, 0, input.length, Instant.EPOCH, new Peer("h", "test"), 64);
        } catch (JsonEvent.Invalid expected) {
            assertFalse(expected.getMessage() == null || expected.getMessage().isEmpty());
        }
    }
}
