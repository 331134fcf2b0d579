package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A private rsyslogd forwarding over TCP, octet-counted, in each of rsyslog's forwarding templates, what
 * {@code logger} sends it; every message must show up in logqd, once, with its fields. The shipped examples
 * run in {@link RsyslogExamplesIT}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RsyslogForwardIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest(name = "template {0}")
    @ValueSource(strings = {"RSYSLOG_ForwardFormat", "RSYSLOG_SyslogProtocol23Format", "RSYSLOG_TraditionalForwardFormat"})
    void everyForwardedMessageArrivesOnceWithItsTagAndText(String template) throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "fwd1")) {
            int input = Ports.free();
            try (Rsyslog rsyslog = Rsyslog.start(work, "fwd", """
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d" ruleset="forward")
                    ruleset(name="forward") {
                      action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp"
                             TCP_Framing="octet-counted" template="%s"
                             queue.type="LinkedList" action.resumeRetryCount="-1")
                    }
                    """.formatted(input, logqd.syslogPort, template))) {
                Rsyslog.awaitListening(input);
                int count = 5000;
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    lines.add("forwarded via rsyslog #" + i + " with \"quotes\" and ünïcödé");
                }
                Path file = Files.write(work.resolve("lines.txt"), lines);
                Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(input),
                        "-t", "fwdtest", "-p", "local1.info", "-f", file.toString()));
                assertEquals(0, sent.exit(), sent::toString);

                Run counted = Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(count)), Duration.ofSeconds(30),
                        "--since", "10m", "-c", "-a", "fwdtest", "-F", "forwarded via rsyslog #");
                assertEquals(String.valueOf(count), counted.out().strip(), counted + "\n" + rsyslog.log() + logqd.logTail());

                Run json = Logq.run(logqd, "--since", "10m", "-a", "fwdtest", "-o", "json", "-F", "forwarded via rsyslog #");
                Set<String> messages = new HashSet<>();
                for (String line : json.lines()) {
                    JsonNode event = JSON.readTree(line);
                    assertEquals("fwdtest", event.path("app").asText(), line);
                    assertEquals("local1", event.path("facility").asText(), line);
                    assertEquals("info", event.path("severity").asText(), line);
                    messages.add(event.path("msg").asText());
                }
                assertEquals(new HashSet<>(lines), messages);
            }
        }
    }
}
