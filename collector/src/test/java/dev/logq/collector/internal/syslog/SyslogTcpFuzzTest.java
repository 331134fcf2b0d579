package dev.logq.collector.internal.syslog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.logq.collector.testing.FuzzInput;

/** Jazzer fuzz target; see {@link FuzzInput} for what each input must not do. */
class SyslogTcpFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void pipeline(byte[] input) {
        FuzzInput.feed(input, new SyslogTcpInitializer(FuzzInput.PARSER, FuzzInput.intake("syslog-tcp"), FuzzInput.MAX_MESSAGE)::configure);
    }
}
