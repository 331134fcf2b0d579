package dev.logq.collector.syslog;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer fuzz target; see {@link FuzzInput} for what each input must not do. */
class SyslogTcpFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void pipeline(byte[] input) {
        FuzzInput.throughSyslogTcp(input);
    }
}
