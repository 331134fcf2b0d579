package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Syslog over TLS (RFC 5425) with mutual TLS: rsyslog's gtls and ossl drivers and omrelp over TLS
 * deliver with a client certificate the CA signed for a permitted name; a certificate from another CA,
 * or for a name not permitted, or none, is refused; SIGHUP reloads the certificate.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TlsIT {

    @TempDir
    static Path certs;

    @TempDir
    Path work;

    static Certs made;

    @BeforeAll
    static void makeCertificates() {
        made = new Certs(certs).authority("ca").authority("other-ca")
                .issue("server", "localhost", "ca")
                .issue("server2", "localhost", "ca")
                .issue("client", "client1.example.org", "ca")
                .issue("stranger", "stranger.example.net", "ca")
                .issue("intruder", "client1.example.org", "other-ca")
                .issue("log1", "log1.example.org", "ca")  // the names the README's snippets use
                .issue("web1", "web1.example.org", "ca");
    }

    private static String pem(String name) {
        return made.pem(name);
    }

    private static String key(String name) {
        return made.key(name);
    }

    private LogqdProcess start(String node, int tlsPort) {
        return LogqdProcess.start(work, node, "--syslog-tls", "127.0.0.1:" + tlsPort, "--tls-cert", pem("server"), "--tls-key", key("server"),
                "--tls-ca", pem("ca"), "--tls-peers", "*.example.org");
    }

    /**
     * Sends {@code count} lines through an rsyslog with the {@code forward} action and returns how many of
     * them logqd holds. rsyslog runs until they are all there (or the wait ends): its first TLS handshake
     * with a freshly started logqd can take a while, and stopping rsyslog would drop what it still queues.
     */
    private String sendThroughRsyslog(LogqdProcess logqd, String name, String forward, int count, String prefix) throws Exception {
        int input = Ports.free();
        String body = """
                global(DefaultNetstreamDriverCAFile="%s" DefaultNetstreamDriverCertFile="%s" DefaultNetstreamDriverKeyFile="%s")
                module(load="imtcp")
                module(load="omrelp")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="fwd")
                ruleset(name="fwd") { %s }
                """.formatted(pem("ca"), pem("client"), key("client"), input, forward);
        try (Rsyslog rsyslog = Rsyslog.start(work, name, body)) {
            Rsyslog.awaitListening(input);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(prefix + " " + i);
            }
            Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(input), "-t", "tlstest",
                    "-f", Files.write(work.resolve(name + ".txt"), lines).toString()));
            assertEquals(0, sent.exit(), sent::toString);
            return count(logqd, prefix, count);
        }
    }

    /** A shipped rsyslog example (the README's snippet), with its addresses, ports and files those of this test. */
    private static String readmeAction(String example, int port, int testPort) {
        return RsyslogExamplesIT.example(example, Map.of(
                "target=\"log1.example.org\"", "target=\"127.0.0.1\"",
                "port=\"" + port + "\"", "port=\"" + testPort + "\"",
                "/etc/rsyslog.d/logq/ca.pem", pem("ca")))
                .replace("/etc/rsyslog.d/logq/web1.pem", pem("web1")).replace("/etc/rsyslog.d/logq/web1-key.pem", key("web1"));
    }

    /** Sends {@code count} lines through an rsyslog whose only action is {@code action}, as a client's would be. */
    private String sendThroughClient(LogqdProcess logqd, String name, String action, int count, String prefix) throws Exception {
        int input = Ports.free();
        try (Rsyslog rsyslog = Rsyslog.start(work, name, """
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="%d")
                %s""".formatted(input, action))) {
            Rsyslog.awaitListening(input);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(prefix + " " + i);
            }
            Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(input), "-t", "tlstest",
                    "-f", Files.write(work.resolve(name + ".txt"), lines).toString()));
            assertEquals(0, sent.exit(), sent::toString);
            String stored = count(logqd, prefix, count);
            assertEquals(String.valueOf(count), stored, rsyslog.log() + logqd.logTail());
            return stored;
        }
    }

    @Test
    void theReadmesTlsSnippetDeliversToALogqdThatAsksForNoClientCertificate() throws Exception {
        int tlsPort = Ports.free();
        try (LogqdProcess logqd = LogqdProcess.start(work, "readme-tls", "--syslog-tls", "127.0.0.1:" + tlsPort,
                "--tls-cert", pem("log1"), "--tls-key", key("log1"))) {
            sendThroughClient(logqd, "readme-tls", readmeAction("60-logq-tls.conf", 6514, tlsPort), 300, "readme tls");
        }
    }

    @Test
    void theReadmesMutualTlsSnippetsDeliverOverSyslogTlsAndRelp() throws Exception {
        int tlsPort = Ports.free();
        try (LogqdProcess logqd = LogqdProcess.start(work, "readme-mtls", "--syslog-tls", "127.0.0.1:" + tlsPort,
                "--tls-cert", pem("log1"), "--tls-key", key("log1"), "--tls-ca", pem("ca"), "--tls-peers", "*.example.org")) {
            sendThroughClient(logqd, "readme-mtls", readmeAction("60-logq-mtls.conf", 6514, tlsPort), 300, "readme mtls");
            String relp = RsyslogExamplesIT.example("60-logq-relp-tls.conf", Map.of(
                    "target=\"log1.example.org\"", "target=\"127.0.0.1\"", "port=\"2514\"", "port=\"" + logqd.relpPort + "\"",
                    "/etc/rsyslog.d/logq/ca.pem", pem("ca"), "/etc/rsyslog.d/logq/web1.pem", pem("web1"),
                    "/etc/rsyslog.d/logq/web1-key.pem", key("web1")));
            sendThroughClient(logqd, "readme-relp-tls", relp, 300, "readme relp tls");
        }
    }

    @Test
    void theReadmesExampleConfigOpensEveryListener() throws Exception {
        int syslog = Ports.free();
        int relp = Ports.free();
        int tls = Ports.free();
        int http = Ports.free();
        int https = Ports.free();
        Path token = Files.writeString(work.resolve("api-token"), "0123456789abcdef0123\n");
        Path data = work.resolve("readme-data");
        Path conf = Files.writeString(work.resolve("logqd.conf"), Readme.with(Readme.snippet("logqd-conf"), Map.of(
                "/var/lib/logq", data.toString(),
                "0.0.0.0:5514", "127.0.0.1:" + syslog,
                "0.0.0.0:2514", "127.0.0.1:" + relp,
                "0.0.0.0:6514", "127.0.0.1:" + tls,
                "127.0.0.1:9514", "127.0.0.1:" + http,
                "0.0.0.0:9443", "127.0.0.1:" + https,
                "/etc/logq/tls/log1-key.pem", key("log1"),
                "/etc/logq/tls/log1.pem", pem("log1"),
                "/etc/logq/tls/ca.pem", pem("ca"),
                "/etc/logq/api-token", token.toString())));
        Process logqd = new ProcessBuilder(Dist.bin("logqd").toString(), "--config", conf.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("readme-logqd.log").toFile()).start();
        try {
            List<String> node = List.of("https://127.0.0.1:" + https);
            String[] tlsArgs = {"--cacert", pem("ca"), "--cert", pem("web1"), "--key", key("web1"), "--token", "0123456789abcdef0123"};
            Run health = null;
            for (int i = 0; i < 300 && (health == null || health.exit() != 0); i++) {
                health = Run.of(List.of("curl", "-sf", "http://127.0.0.1:" + http + "/healthz"));
                LogqdProcess.sleep(100);
            }
            assertEquals(0, health.exit(), Files.readString(work.resolve("readme-logqd.log")));
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", syslog)) {
                s.getOutputStream().write("<13>Nov 30 10:00:00 web1 readmeconf: over tcp\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Run udp = Run.of(List.of("logger", "--udp", "--server", "127.0.0.1", "--port", String.valueOf(syslog), "-t", "readmeconf", "over udp"));
            assertEquals(0, udp.exit(), udp.toString());
            Run overTls = Run.of(List.of("openssl", "s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:" + tls, "-CAfile", pem("ca"),
                    "-cert", pem("web1"), "-key", key("web1")), Map.of(),
                    Files.writeString(work.resolve("tls-frame.txt"), "<13>Nov 30 10:00:00 web1 readmeconf: over tls\n"));
            Run relpTls = Run.of(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + relp, "-CAfile", pem("ca"),
                    "-cert", pem("web1"), "-key", key("web1"), "-verify_return_error"), Map.of(), Files.writeString(work.resolve("none.txt"), ""));
            assertTrue(relpTls.out().contains("Verify return code: 0 (ok)"), "RELP speaks TLS with logqd's certificate: " + relpTls);
            Run found = null;
            for (int i = 0; i < 50 && (found == null || found.lines().size() < 3); i++) {
                found = Logq.run(node, withTls(new String[] {"--since", "30d", "-a", "readmeconf", "-o", "raw"}, tlsArgs));
                LogqdProcess.sleep(200);
            }
            assertEquals(java.util.Set.of("over tcp", "over udp", "over tls"), java.util.Set.copyOf(found.lines()), found + "\n" + overTls);
            Run plain = Run.of(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + http + "/api/v1/search"));
            assertEquals("401", plain.out().strip(), "the token is asked for over plain HTTP too");
        } finally {
            logqd.destroy();
            logqd.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String count(LogqdProcess logqd, String prefix, int expected) {
        return Logq.until(logqd, r -> r.out().strip().equals(String.valueOf(expected)), Duration.ofSeconds(30),
                "--since", "10m", "-c", "-a", "tlstest", "-F", prefix).out().strip();
    }

    @ParameterizedTest(name = "driver {0}")
    @ValueSource(strings = {"gtls", "ossl"})
    void rsyslogOmfwdOverTlsWithAClientCertificateDelivers(String driver) throws Exception {
        int tlsPort = Ports.free();
        try (LogqdProcess logqd = start("tls-" + driver, tlsPort)) {
            String stored = sendThroughRsyslog(logqd, driver, """
                    action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                           StreamDriver="%s" StreamDriverMode="1" StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="localhost"
                           queue.type="LinkedList" action.resumeRetryCount="-1")
                    """.formatted(tlsPort, driver), 1000, "over " + driver);
            assertEquals("1000", stored, logqd.logTail());
        }
    }

    @Test
    void rsyslogOmrelpOverTlsDeliversToTheRelpPort() throws Exception {
        try (LogqdProcess logqd = start("tls-relp", Ports.free())) {
            String stored = sendThroughRsyslog(logqd, "relp-tls", """
                    action(type="omrelp" target="127.0.0.1" port="%d" tls="on" tls.caCert="%s" tls.myCert="%s" tls.myPrivKey="%s"
                           tls.authMode="name" tls.permittedPeer="localhost" queue.type="LinkedList" action.resumeRetryCount="-1")
                    """.formatted(logqd.relpPort, pem("ca"), pem("client"), key("client")), 500, "relp over tls");
            assertEquals("500", stored, logqd.logTail());
        }
    }

    @Test
    void theApiOverHttpsAnswersLogqWithAPermittedClientCertificateOnly() throws Exception {
        int https = Ports.free();
        try (LogqdProcess logqd = LogqdProcess.start(work, "https", "--syslog-tls", "off", "--http-tls", "127.0.0.1:" + https, "--tls-cert", pem("server"),
                "--tls-key", key("server"), "--tls-ca", pem("ca"), "--tls-peers", "*.example.org")) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", logqd.syslogPort)) {
                s.getOutputStream().write("<13>Nov 30 10:00:00 host httpstest: over https\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            List<String> node = List.of("https://127.0.0.1:" + https);
            String[] query = {"--since", "30d", "-a", "httpstest", "-o", "raw", "over https"};
            Run found = null;
            for (int i = 0; i < 50 && (found == null || found.exit() != 0); i++) {
                found = Logq.run(node, withTls(query, "--cacert", pem("ca"), "--cert", pem("client"), "--key", key("client")));
                LogqdProcess.sleep(100);
            }
            assertEquals(List.of("over https"), found.lines(), found.toString());

            Run noCertificate = Logq.run(node, withTls(query, "--cacert", pem("ca")));
            assertEquals(2, noCertificate.exit(), noCertificate.toString());
            assertTrue(noCertificate.err().contains("check --cacert, and --cert and --key"), noCertificate.err());
            Run otherCa = Logq.run(node, withTls(query, "--cacert", pem("ca"), "--cert", pem("intruder"), "--key", key("intruder")));
            assertEquals(2, otherCa.exit(), otherCa.toString());
            Run notPermitted = Logq.run(node, withTls(query, "--cacert", pem("ca"), "--cert", pem("stranger"), "--key", key("stranger")));
            assertEquals(2, notPermitted.exit(), notPermitted.toString());
            Run untrustedServer = Logq.run(node, withTls(query, "--cert", pem("client"), "--key", key("client")));
            assertEquals(2, untrustedServer.exit(), untrustedServer.toString());
            assertTrue(untrustedServer.err().contains("TLS"), untrustedServer.err());
            String metrics = logqd.get("/metrics").body();
            assertTrue(metrics.contains("logq_tls_refused_total"), metrics);
        }
    }

    private static String[] withTls(String[] query, String... tls) {
        List<String> args = new ArrayList<>(List.of(tls));
        args.addAll(List.of(query));
        return args.toArray(String[]::new);
    }

    @Test
    void startedUnderNohupLogqdSaysThatKillHupCannotReload() {
        try (LogqdProcess logqd = LogqdProcess.startUnder(List.of("nohup"), work, "tls-nohup", "--syslog-tls", "127.0.0.1:" + Ports.free(),
                "--tls-cert", pem("server"), "--tls-key", key("server"))) {
            assertTrue(logqd.logText().contains("SIGHUP is ignored by this process (was logqd started under nohup?)"), logqd.logTail());
        }
        try (LogqdProcess logqd = start("tls-hup", Ports.free())) {
            assertTrue(!logqd.logText().contains("SIGHUP is ignored"), logqd.logTail());
        }
    }

    @Test
    void wrongOrMissingClientCertificatesAreRefusedAndSighupReloads() throws Exception {
        int tlsPort = Ports.free();
        try (LogqdProcess logqd = start("tls-refuse", tlsPort)) {
            String frame = "44 <13>Nov 30 10:00:00 host tlstest: must not arrive\n";
            for (String[] client : List.of(new String[] {"intruder"}, new String[] {"stranger"}, new String[0])) {
                List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-quiet", "-connect", "127.0.0.1:" + tlsPort,
                        "-CAfile", pem("ca"), "-verify_return_error"));
                if (client.length > 0) {
                    command.addAll(List.of("-cert", pem(client[0]), "-key", key(client[0])));
                }
                Run.of(command, Map.of(), Files.writeString(work.resolve("frame.txt"), frame));
            }
            try (java.net.Socket plainRelp = new java.net.Socket("127.0.0.1", logqd.relpPort)) {  // mutual TLS: no plain RELP
                plainRelp.setSoTimeout(5000);
                plainRelp.getOutputStream().write("1 open 14 relp_version=0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] answer = plainRelp.getInputStream().readNBytes(5);
                assertTrue(!new String(answer, java.nio.charset.StandardCharsets.US_ASCII).startsWith("1 rsp"), "plain RELP was answered");
            } catch (java.io.IOException closed) {
                // refused: what is expected
            }
            LogqdProcess.sleep(500);
            assertEquals("0", Logq.run(logqd, "--since", "10m", "-c", "-F", "must not arrive").out().strip());
            String metrics = logqd.get("/metrics").body();
            assertTrue(metrics.contains("logq_tls_refused_total 4.0"), metrics.lines().filter(l -> l.contains("tls")).toList().toString());
            assertTrue(logqd.logText().contains("none of --tls-peers"), logqd.logTail());

            // SIGHUP: the key files change under logqd, which picks them up for new connections
            Files.copy(Path.of(pem("server2")), Path.of(pem("server")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(key("server2")), Path.of(key("server")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Run hup = Run.of(List.of("kill", "-HUP", String.valueOf(logqd.pid())));
            assertEquals(0, hup.exit(), hup.toString());
            for (int waited = 0; waited < 100 && !logqd.logText().contains("TLS certificate reloaded"); waited++) {
                LogqdProcess.sleep(100);
            }
            assertTrue(logqd.logText().contains("TLS certificate reloaded"), logqd.logTail());
            Run served = Run.of(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort, "-CAfile", pem("ca"),
                    "-cert", pem("client"), "-key", key("client")), Map.of(), Files.writeString(work.resolve("empty.txt"), ""));
            String expectedSerial = Run.of(List.of("openssl", "x509", "-noout", "-serial", "-in", pem("server2"))).out().strip();
            Path presented = Files.writeString(work.resolve("presented.pem"), served.out());
            String servedSerial = Run.of(List.of("openssl", "x509", "-noout", "-serial", "-in", presented.toString())).out().strip();
            assertEquals(expectedSerial, servedSerial, "new connections get the reloaded certificate");
        }
    }
}
