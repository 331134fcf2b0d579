package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients that misbehave on purpose; logqd keeps serving the others and keeps what it acknowledged. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LimitsIT {

    @TempDir
    Path work;

    private static int readOrEnd(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException reset) {
            return -1;
        }
    }

    private static double metric(LogqdProcess logqd, String line) throws IOException {
        for (String l : logqd.get("/metrics").body().lines().toList()) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1));
            }
        }
        return Double.NaN;
    }

    private void sendLines(LogqdProcess logqd, String prefix, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(prefix + " " + i);
        }
        Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                "-t", "limits", "-f", Files.write(work.resolve(prefix + ".txt"), lines).toString()));
        assertEquals(0, sent.exit(), sent::toString);
    }

    @Test
    void tenThousandConnectionsDroppedMidFrameAndASlowlorisLeaveLogqdServing() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "limits1", "--request-timeout", "1s")) {
            sendLines(logqd, "acknowledged before", 500);

            try (Socket slow = new Socket("127.0.0.1", logqd.httpPort)) {
                slow.setSoTimeout(10_000);
                OutputStream out = slow.getOutputStream();
                out.write("GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                String answer = "";
                for (int i = 0; i < 20 && answer.isEmpty(); i++) {
                    try {
                        out.write('X');  // one header byte every 200 ms, never finishing
                        out.flush();
                    } catch (IOException closed) {
                        break;
                    }
                    LogqdProcess.sleep(200);
                    if (slow.getInputStream().available() > 0) {
                        answer = new String(slow.getInputStream().readNBytes(slow.getInputStream().available()), StandardCharsets.US_ASCII);
                    }
                }
                assertTrue(answer.startsWith("HTTP/1.1 408"), "slowloris answered: [" + answer + "]");
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "within about --request-timeout");
                assertEquals(200, logqd.get("/healthz").statusCode(), "others are served meanwhile");
            }

            byte[] partial = "57 <13>Nov 30 10:00:00 host app: cut off in the mid".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10_000; i++) {
                try (Socket s = new Socket("127.0.0.1", i % 2 == 0 ? logqd.syslogPort : logqd.relpPort)) {
                    s.setSoLinger(true, 0);  // an abrupt RST, as a crashed client leaves
                    if (i % 4 < 2) {
                        s.getOutputStream().write(partial);
                    }
                }
            }
            // the storm can briefly hold --max-connections (1000) open, and a connection beyond it is refused
            // by design: the next sender connects once logqd has closed the dropped ones
            for (int i = 0; i < 50 && metric(logqd, "logq_connections_active{listener=\"syslog-tcp\"}") != 0; i++) {
                LogqdProcess.sleep(100);
            }
            assertEquals(0, metric(logqd, "logq_connections_active{listener=\"syslog-tcp\"}"), "every dropped connection is closed");
            assertEquals(0, metric(logqd, "logq_connections_active{listener=\"relp\"}"));
            sendLines(logqd, "acknowledged after", 500);
            Run counted = Logq.until(logqd, r -> r.out().strip().equals("1000"), Duration.ofSeconds(30),
                    "--since", "5m", "-c", "-E", "acknowledged (before|after) [0-9]+$");
            assertEquals("1000", counted.out().strip(), counted + logqd.logTail());
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndIdleOnesTimeOut() throws Exception {
        try (LogqdProcess logqd = LogqdProcess.start(work, "limits2", "--max-connections", "5", "--idle-timeout", "2s")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket s = new Socket("127.0.0.1", logqd.syslogPort);
                    s.setSoTimeout(500);
                    held.add(s);
                }
                LogqdProcess.sleep(300);
                try (Socket extra = new Socket("127.0.0.1", logqd.syslogPort)) {
                    extra.setSoTimeout(2000);
                    assertEquals(-1, readOrEnd(extra), "the sixth connection is closed at once");
                }
                assertEquals(-2, readOrEnd(held.getFirst()), "the five stay open meanwhile");
                assertEquals(1, metric(logqd, "logq_connections_refused_total{listener=\"syslog-tcp\"}"));

                held.getFirst().setSoTimeout(5000);
                assertEquals(-1, readOrEnd(held.getFirst()), "silent for --idle-timeout: closed");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            LogqdProcess.sleep(300);
            sendLines(logqd, "after the limit", 10);
            Run counted = Logq.until(logqd, r -> r.out().strip().equals("10"), Duration.ofSeconds(10), "--since", "5m", "-c", "-F", "after the limit");
            assertEquals("10", counted.out().strip(), counted + logqd.logTail());
        }
    }

    /** A connection limit raised in the config file and sent SIGHUP takes the next connections, without a restart. */
    @Test
    void killHupRaisesTheConnectionLimitForNewConnections() throws Exception {
        Path config = Files.writeString(work.resolve("limits3.conf"), "max-connections = 2\n");
        try (LogqdProcess logqd = LogqdProcess.start(work, "limits3", "--config", config.toString())) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(new Socket("127.0.0.1", logqd.syslogPort));
                }
                LogqdProcess.sleep(300);
                try (Socket third = new Socket("127.0.0.1", logqd.syslogPort)) {
                    third.setSoTimeout(2000);
                    assertEquals(-1, readOrEnd(third), "the third connection is closed at once");
                }
                Files.writeString(config, "max-connections = 4\n");
                assertEquals(0, Run.of(List.of("kill", "-HUP", String.valueOf(logqd.pid()))).exit());
                for (int i = 0; i < 50 && !logqd.logText().contains("limits after SIGHUP: --max-connections 4"); i++) {
                    LogqdProcess.sleep(100);
                }
                try (Socket third = new Socket("127.0.0.1", logqd.syslogPort)) {
                    third.setSoTimeout(1000);
                    assertEquals(-2, readOrEnd(third), "after SIGHUP the third one stays open\n" + logqd.logTail());
                }
                held.getFirst().setSoTimeout(300);
                assertEquals(-2, readOrEnd(held.getFirst()), "the two held stay open");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
