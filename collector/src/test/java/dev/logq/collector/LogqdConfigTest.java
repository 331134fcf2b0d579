package dev.logq.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogqdConfigTest {

    @TempDir
    Path dir;

    private static Config parse(String... args) {
        Logqd logqd = new Logqd();
        new CommandLine(logqd).parseArgs(args);
        return logqd.toConfig();
    }

    @Test
    void defaultsListenOnLoopbackOnly() {
        Config config = parse("--data-dir", "/tmp/x", "--node", "n1");
        assertEquals("127.0.0.1:5514", config.syslogTcp().toString());
        assertEquals("127.0.0.1:5514", config.syslogUdp().toString());
        assertEquals("127.0.0.1:2514", config.relp().toString());
        assertEquals("off", config.syslogTls().toString(), "no TLS listener without a certificate");
        assertEquals("off", config.httpTls().toString());
        assertEquals("127.0.0.1:9514", config.http().toString());
        assertEquals(64 * 1024, config.maxMessageBytes());
        assertNull(config.retention());
        assertEquals(StoreConfig.RETAIN_HALF_THE_DISK, config.store().retainBytes(), "a size budget by default: half the disk");
        assertEquals(Duration.ofDays(1), config.store().partitionPeriod());
    }

    @Test
    void retainBytesTakesASizeOrOff() {
        assertEquals(5L << 30, parse("--retain-bytes", "5g").store().retainBytes());
        assertEquals(0, parse("--retain-bytes", "off").store().retainBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--retain-bytes", "1m"));
        assertEquals("--retain-bytes 1m must be at least 64m (or auto, or off)", e.getMessage());
    }

    @Test
    void flagsAreReadIntoTheConfig() {
        Config config = parse("--data-dir", "/tmp/x", "--node", "web-1.example", "--syslog-tcp", ":6000", "--syslog-udp", "off",
                "--relp", "off", "--http", "[::1]:9600", "--max-message-size", "8k", "--retention", "30d", "--partition", "6h", "--refresh", "100ms");
        assertEquals("0.0.0.0:6000", config.syslogTcp().toString());
        assertTrue(!config.syslogUdp().enabled());
        assertTrue(!config.relp().enabled());
        assertEquals("[::1]:9600", config.http().toString());
        assertEquals(8192, config.maxMessageBytes());
        assertEquals(Duration.ofDays(30), config.retention());
        assertEquals(Duration.ofHours(6), config.store().partitionPeriod());
        assertEquals(Duration.ofMillis(100), config.store().refreshInterval());
        assertEquals("web-1.example", config.node());
    }

    @Test
    void badValuesAreRefusedWithTheFlagAndAnExample() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--syslog-tcp", "localhost"));
        assertTrue(e.getMessage().startsWith("--syslog-tcp 'localhost' is not ADDR:PORT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--retention", "forever"));
        assertTrue(e.getMessage().contains("--retention 'forever' is not a duration"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--max-message-size", "100"));
        assertTrue(e.getMessage().contains("between 480 bytes and 16m"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--node", "bad name"));
        assertTrue(e.getMessage().contains("node name 'bad name'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--http", "127.0.0.1:5514"));
        assertTrue(e.getMessage().contains("use the same TCP port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--min-free-disk", "1m"));
        assertEquals("--min-free-disk 1m must be at least 64m", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--max-connections", "0"));
        assertTrue(e.getMessage().contains("--max-connections 0 must be between 1 and 1000000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--syslog-tls", "127.0.0.1:6514"));
        assertTrue(e.getMessage().contains("--syslog-tls needs a certificate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--tls-cert", "/x.pem", "--tls-key", "/x.key", "--tls-peers", "a"));
        assertTrue(e.getMessage().startsWith("--tls-peers needs --tls-ca"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--http-tls", "127.0.0.1:9443"));
        assertEquals("--http-tls needs a certificate: give --tls-cert and --tls-key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--http-tls", "127.0.0.1:9514", "--tls-cert", "/x.pem", "--tls-key", "/x.key"));
        assertTrue(e.getMessage().contains("use the same TCP port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--relp", "127.0.0.1:5514"));
        assertTrue(e.getMessage().startsWith("--relp 127.0.0.1:5514 and --syslog-tcp"), e.getMessage());
    }

    @Test
    void durationsAndSizesAreWrittenAsLogqWritesThem() {
        Config config = parse("--idle-timeout", "1h30m", "--request-timeout", "1m30s", "--max-request-size", "4MiB",
                "--udp-receive-buffer", "512k", "--busy-retry", "50ms");
        assertEquals(Duration.ofMinutes(90), config.idleTimeout());
        assertEquals(Duration.ofSeconds(90), config.requestTimeout());
        assertEquals(4 << 20, config.maxRequestBytes());
        assertEquals(512 << 10, config.udpReceiveBuffer());
        assertEquals(Duration.ofMillis(50), config.backpressure().busyRetry());
    }

    @Test
    void everyTunableIsCheckedWithItsValueAndRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--http-idle-timeout", "500ms"));
        assertEquals("--http-idle-timeout 500ms must be between 1s and 1d", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--search-threads", "0"));
        assertEquals("--search-threads 0 must be between 1 and 64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--max-request-size", "1g"));
        assertEquals("--max-request-size 1024m must be between 64k and 256m", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--batches-in-flight", "2000"));
        assertEquals("--batches-in-flight 2000 must be between 1 and 1024", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--busy-retry", "1 s"));
        assertEquals("--busy-retry '1 s' is not a duration (e.g. 250ms, 30s, 15m, 2h, 7d, 1w, 1h30m)", e.getMessage());
    }

    @Test
    void configFileSuppliesDefaultsAndFlagsWin() throws Exception {
        Path file = dir.resolve("logqd.conf");
        Files.writeString(file, """
                # comment
                node = from-file
                syslog-tcp = 127.0.0.1:7000
                retention = 7d
                """);
        int[] exit = new int[1];
        String err = captureErr(() -> exit[0] = Logqd.run("--config", file.toString(), "--syslog-tcp", "127.0.0.1:7001",
                "--http", "off"));
        // --http off is refused, after the file and flags were merged: proves the file parsed and validation ran
        assertEquals(2, exit[0]);
        assertEquals("logqd: --http cannot be off: queries, health and metrics need it\n", err);
    }

    @Test
    void unknownConfigKeysAndMissingFilesAreOneLineErrors() throws Exception {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "syslog_tcp = 127.0.0.1:7000\n");
        int[] exit = new int[1];
        String err = captureErr(() -> exit[0] = Logqd.run("--config", file.toString()));
        assertEquals(2, exit[0]);
        assertTrue(err.startsWith("logqd: unknown key 'syslog_tcp' in " + file), err);
        assertEquals(1, err.lines().count());

        err = captureErr(() -> exit[0] = Logqd.run("--config", dir.resolve("none.conf").toString()));
        assertEquals(2, exit[0]);
        assertEquals("logqd: config file " + dir.resolve("none.conf") + " does not exist (see --config)\n", err);
    }

    @Test
    void defaultNodeNameIsAValidNodeName() {
        assertTrue(Logqd.defaultNodeName().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"), Logqd.defaultNodeName());
    }

    private static String captureErr(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
