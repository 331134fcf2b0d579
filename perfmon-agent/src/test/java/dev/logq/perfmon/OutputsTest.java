package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network targets against servers on 127.0.0.1 that speak each protocol as its spec says: what
 * arrives, acknowledgements, retries, and the bounded buffer. (logqd and rsyslogd as the servers are in
 * the packaging module's end-to-end tests.)
 */
class OutputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RFC5424 = Pattern.compile("<142>1 (\\S+) vm logq-perfmon (\\d+) - - (\\{.*})");

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();
    ServerSocket server;
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = new FakeRoot(tmp);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
    }

    private PerfmonRun run(String target, String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Perfmon.run(out, new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(), time, time,
                () -> false, token, "--root", root.dir.toString(), "-t", "1", "-m", "-1", "--count", "2", "--to", target);
        return new PerfmonRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void serve(Handler handler) {
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    try (Socket s = server.accept()) {
                        handler.handle(new BufferedInputStream(s.getInputStream()), s.getOutputStream());
                    } catch (IOException e) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the test ends
            }
        });
    }

    interface Handler {
        void handle(InputStream in, OutputStream out) throws IOException;
    }

    @Test
    void syslogOverTcpIsOctetCountedRfc5424AsLocal1InfoTaggedLogqPerfmon() throws Exception {
        serve((in, out) -> {
            while (true) {
                int length = Integer.parseInt(readUntil(in, ' '));
                received.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
        });

        PerfmonRun run = run("syslog://127.0.0.1:" + server.getLocalPort(), null);

        assertEquals(0, run.status(), run.err());
        assertEquals("", run.out(), "nothing on standard output");
        awaitReceived(4); // sent before the run ended, but TCP syslog has no acknowledgement to wait for
        assertEquals(4, received.size(), "two ticks of a main and an own object: " + received);
        Matcher first = RFC5424.matcher(received.get(0));
        assertTrue(first.matches(), received.get(0));
        assertEquals("2026-05-01T12:00:01Z", first.group(1));
        assertEquals(Long.toString(ProcessHandle.current().pid()), first.group(2));
        JsonNode json = JSON.readTree(first.group(3));
        assertTrue(json.has("cpu_total") && !json.has("memory"));
        assertEquals(FakeTime.START.getEpochSecond() + 1, json.get("timestamp").longValue());
    }

    @Test
    void relpOpensASessionOfferingSyslogAndSendsAgainWhatWasNotAcknowledged() throws Exception {
        AtomicInteger syslogCommands = new AtomicInteger();
        List<String> offers = new ArrayList<>();
        serve((in, out) -> {
            while (true) {
                String txnr = readUntil(in, ' ');
                String command = readUntil(in, ' ');
                int length = Integer.parseInt(readUntil(in, ' '));
                String data = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                assertEquals('\n', in.read());
                String answer = "200 OK";
                if (command.equals("open")) {
                    offers.add(data);
                    answer = "200 OK\nrelp_version=0\nrelp_software=test\ncommands=syslog";
                } else if (syslogCommands.incrementAndGet() == 2) {
                    answer = "500 out of disk"; // the second message is refused once
                } else {
                    received.add(data);
                }
                out.write((txnr + " rsp " + answer.length() + " " + answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });

        PerfmonRun run = run("relp://127.0.0.1:" + server.getLocalPort(), null);

        assertEquals(0, run.status(), run.err());
        assertTrue(offers.get(0).contains("commands=syslog"), offers.toString());
        assertEquals(4, received.size(), "each object once, the refused one after a retry: " + received);
        assertTrue(run.err().startsWith("logq-perfmon: cannot send to relp://127.0.0.1:" + server.getLocalPort()
                + ": 127.0.0.1:" + server.getLocalPort() + " refused the syslog: 500 out of disk (keeping the newest 2048 KiB"), run.err());
        assertTrue(run.err().contains("sending to relp://127.0.0.1:" + server.getLocalPort() + " again"), run.err());
        for (String message : received) {
            assertTrue(RFC5424.matcher(message).matches(), message);
        }
    }

    @Test
    void httpPostsEachObjectToTheIngestWithAppHostAndTheToken() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        serve((in, out) -> {
            while (true) {
                StringBuilder head = new StringBuilder();
                int length = 0;
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    head.append(line).append('\n');
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                requests.add(head.toString());
                received.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });

        PerfmonRun run = run("http://127.0.0.1:" + server.getLocalPort(), "s3cret-token-0123456789");

        assertEquals(0, run.status(), run.err());
        assertEquals(4, received.size(), received.toString());
        assertTrue(requests.get(0).startsWith("POST /api/v1/ingest HTTP/1.1\n"), requests.get(0));
        assertTrue(requests.get(0).contains("Authorization: Bearer s3cret-token-0123456789\n"), requests.get(0));
        JsonNode body = JSON.readTree(received.get(1));
        assertEquals("logq-perfmon", body.get("app").textValue());
        assertEquals("local1", body.get("facility").textValue());
        assertEquals("info", body.get("severity").textValue());
        assertEquals("vm", body.get("host").textValue());
        assertTrue(body.has("memory") && body.has("server") && body.has("timestamp"), received.get(1));
    }

    @Test
    void anUnreachableServerKeepsTheNewestSamplesDropsTheOldestAndSaysSoOnce() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        Transport flaky = new Transport() {
            @Override
            public byte[] frame(byte[] json, int length, long second) {
                return java.util.Arrays.copyOf(json, length);
            }

            @Override
            public void connect() throws IOException {
                if (connects.incrementAndGet() < 3) {
                    throw new IOException("Connection refused");
                }
            }

            @Override
            public void send(byte[] frame) {
                sent.add(frame);
            }

            @Override
            public void close() {}
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        QueuedOutput output = new QueuedOutput(flaky, "relp://logs1:2514", new PrintStream(err, true, StandardCharsets.UTF_8), 1000);
        byte[] object = new byte[100];
        for (int i = 0; i < 25; i++) {
            object[0] = (byte) i;
            output.send(object, object.length, 0);
        }
        assertTrue(output.waiting() <= 10, "at most 1000 bytes wait: " + output.waiting());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sent.size() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(50); // the third attempt, 1 + 2 s after the first, succeeds
        }
        output.close();

        assertEquals(10, sent.size());
        assertEquals(15, sent.get(0)[0], "the oldest 15 were dropped, the newest 10 sent in order");
        assertEquals(24, sent.get(9)[0]);
        assertEquals(15, output.dropped());
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertEquals("logq-perfmon: cannot send to relp://logs1:2514: Connection refused (keeping the newest 0 KiB of samples, retrying)",
                lines[0]);
        assertEquals("logq-perfmon: sending to relp://logs1:2514 again; 15 samples were dropped meanwhile", lines[1]);
    }

    private void awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static String readUntil(InputStream in, char end) throws IOException {
        StringBuilder word = new StringBuilder();
        for (int c = in.read(); c != end; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            word.append((char) c);
        }
        return word.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        String line = readUntil(in, '\n');
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
