package dev.logq.collector.internal.relp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.logq.collector.testing.FuzzInput;

/** Jazzer fuzz target; see {@link FuzzInput} for what each input must not do. */
class RelpFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void pipeline(byte[] input) {
        FuzzInput.feed(input, new RelpInitializer(FuzzInput.PARSER, FuzzInput.intake("relp"), FuzzInput.MAX_MESSAGE)::configure);
    }
}
