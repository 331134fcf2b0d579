package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules in real logqd processes, fed by the real {@code logger} (directly and through rsyslog), notifying a real SMTP server
 * (aiosmtpd), a webhook receiver and a command: each condition fires, groups, resolves; a restart sends
 * nothing twice; kill -HUP reloads and a bad rule is refused alone; three replicating nodes send each
 * notification once; a notifier that is down is retried and counted while ingest goes on.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AlertsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HOST = Run.of(List.of("hostname")).out().strip();

    @TempDir
    Path work;

    private Path rules(String name, String text) throws IOException {
        Path dir = Files.createDirectories(work.resolve("alerts.d"));
        Files.writeString(dir.resolve(name), text);
        return dir;
    }

    /** The real logger over TCP, octet-counted; the host is this machine's name, as logger sends it. */
    private void logger(LogqdProcess logqd, String tag, String... messages) throws IOException {
        Path file = Files.write(work.resolve("lines-" + System.nanoTime()), List.of(messages));
        Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                "-t", tag, "-f", file.toString()));
        assertEquals(0, sent.exit(), sent::toString);
    }

    /**
     * RFC 5424 messages from {@code host}, octet-counted over TCP as rsyslog forwards them: the one thing
     * logger cannot do here is name another host.
     */
    private static void syslog(LogqdProcess logqd, String host, String app, String... messages) throws IOException {
        try (Socket s = new Socket("127.0.0.1", logqd.syslogPort)) {
            OutputStream out = s.getOutputStream();
            for (String m : messages) {
                byte[] line = ("<13>1 " + Instant.now() + " " + host + " " + app + " 77 - - " + m).getBytes(StandardCharsets.UTF_8);
                out.write((line.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(line);
            }
            out.flush();
        }
    }

    private static double metric(LogqdProcess logqd, String line) throws IOException {
        for (String l : logqd.get("/metrics").body().lines().toList()) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1));
            }
        }
        return 0;
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        Cluster.await(what, timeout, condition);
    }

    /** Waits out {@code millis}, for tests that something did not happen. */
    private static void quietFor(long millis) {
        LogqdProcess.sleep(millis);
    }

    @Test
    void eachConditionFiresGroupsAndResolvesThroughMailWebhookAndCommand() throws Exception {
        Path execOut = work.resolve("exec.jsonl");
        try (SmtpSink smtp = SmtpSink.start(work); Webhooks hooks = new Webhooks()) {
            Path dir = rules("main.conf", """
                    [mail]
                    relay = 127.0.0.1:%d
                    from = logq@log.example.com

                    # a root login: every one, one message per episode
                    [root-login]
                    query = -F -a sshd 'Accepted password for root'
                    when = any within 3s
                    notify = webhook %s
                    notify = mail ops@example.com, oncall@example.com
                    notify = exec /usr/bin/tee -a %s

                    [timeouts]
                    query = -w timeout
                    when = count > 4 within 20s
                    by = host
                    notify = webhook %s

                    [heartbeat]
                    query = -a heartbeat
                    when = absent for 3s
                    notify = webhook %s
                    """.formatted(smtp.port, hooks.url("/root"), execOut, hooks.url("/count"), hooks.url("/absent")));
            try (LogqdProcess logqd = LogqdProcess.start(work, "al1", "--alerts", dir.toString())) {
                assertTrue(logqd.logText().contains("alerts: 3 rules from " + dir), logqd.logTail());
                syslog(logqd, "hb1", "heartbeat", "alive");
                List<String> logins = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    logins.add("Accepted password for root from 10.0.0." + (i % 250) + " port " + (40000 + i) + " ssh2");
                }
                logger(logqd, "sshd", logins.toArray(String[]::new));
                logger(logqd, "sshd", "Accepted publickey for root from 10.0.0.1");  // not the pattern
                await("the root-login message", Duration.ofSeconds(10), () -> !hooks.at("/root").isEmpty());
                JsonNode firing = hooks.at("/root").getFirst().body();
                assertEquals("firing", firing.get("state").asText(), firing.toString());
                assertEquals("root-login", firing.get("rule").asText());
                assertTrue(firing.get("text").asText().startsWith("[logq] FIRING root-login: "), firing.toString());
                assertTrue(firing.get("events").size() >= 1 && firing.get("events").size() <= 5, firing.toString());
                assertTrue(firing.get("events").get(0).asText().contains(" " + HOST + " sshd"), firing.toString());

                // the heartbeat host went quiet
                await("the heartbeat absent message", Duration.ofSeconds(15), () -> !hooks.at("/absent").isEmpty());
                JsonNode absent = hooks.at("/absent").getFirst().body();
                assertEquals("hb1", absent.get("group").asText(), absent.toString());
                assertTrue(absent.get("text").asText().contains("nothing since"), absent.toString());
                syslog(logqd, "hb1", "heartbeat", "alive again");
                await("the heartbeat resolved", Duration.ofSeconds(10), () -> hooks.at("/absent").size() == 2);
                assertEquals("resolved", hooks.at("/absent").get(1).body().get("state").asText());

                // the flood of 200 matches was one episode: one firing, then one resolved once 3 s passed without a match
                await("the root-login resolved", Duration.ofSeconds(15), () -> hooks.at("/root").size() >= 2);
                quietFor(1000);
                List<Webhooks.Received> root = hooks.at("/root");
                assertEquals(List.of("firing", "resolved"), root.stream().map(r -> r.body().get("state").asText()).toList());
                JsonNode resolved = root.get(1).body();
                assertEquals(200, resolved.get("count").asLong(), resolved.toString());
                assertEquals(200, resolved.get("hosts").get(HOST).asInt(), resolved.toString());

                // the command line in the message shows every matching event, through the real logq
                String command = resolved.get("command").asText();
                assertTrue(command.startsWith("logq --since ") && command.contains("--until"), command);
                Run shown = Run.of(List.of("bash", "-c", Dist.bin("logq") + " --node " + logqd.url() + command.substring("logq".length()) + " | wc -l"));
                assertEquals("200", shown.out().strip(), shown::toString);

                // the same message by mail and to the command
                await("two mails", Duration.ofSeconds(10), () -> smtp.messages().size() == 2);
                String mail = smtp.messages().getFirst();
                assertTrue(mail.contains("X-Sink-To: ops@example.com,oncall@example.com"), mail);
                assertTrue(mail.contains("X-Sink-From: logq@log.example.com"), mail);
                assertTrue(mail.contains("Subject: [logq] FIRING root-login: "), mail);
                assertTrue(mail.contains("Accepted password for root from 10.0.0.0 port 40000"), mail);
                assertTrue(mail.contains("See them all:\r\n  logq --since "), mail);
                assertTrue(smtp.messages().get(1).contains("Subject: [logq] RESOLVED root-login: "), smtp.messages().get(1));
                await("two lines from the command", Duration.ofSeconds(10), () -> lines(execOut) == 2);
                assertTrue(Files.readString(execOut).contains("\"rule\":\"root-login\""));

                // count: 4 in 20 s from web2 is not more than 4; five from web3 are, and fire for web3 alone
                syslog(logqd, "web2", "app", "read timeout", "read timeout", "connect timeout", "timeout", "timeouts galore");
                syslog(logqd, "web3", "app", "timeout 1", "timeout 2", "timeout 3", "timeout 4", "timeout 5");
                await("the count message", Duration.ofSeconds(10), () -> !hooks.at("/count").isEmpty());
                quietFor(1500);
                assertEquals(1, hooks.at("/count").size(), hooks.at("/count").toString());
                JsonNode count = hooks.at("/count").getFirst().body();
                assertEquals("web3", count.get("group").asText());
                assertEquals(5, count.get("count").asInt());
                assertEquals(1, metric(logqd, "logq_alert_firing"), "timeouts fires for web3");
            }
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aRestartSendsNothingTwiceHupReloadsAndABadRuleIsRefusedAlone() throws Exception {
        try (Webhooks hooks = new Webhooks()) {
            Path dir = rules("a.conf", """
                    [disk-full]
                    query = -F 'No space left on device'
                    when = any within 10m
                    notify = webhook %s
                    """.formatted(hooks.url("/disk")));
            LogqdProcess logqd = LogqdProcess.start(work, "al2", "--alerts", dir.toString());
            try {
                // the event comes as most do: logger to the host's rsyslog, which forwards it to logqd
                int input = Ports.free();
                try (Rsyslog rsyslog = Rsyslog.start(work, "alerts", """
                        module(load="imtcp")
                        input(type="imtcp" address="127.0.0.1" port="%d" ruleset="forward")
                        ruleset(name="forward") {
                          action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                                 template="RSYSLOG_SyslogProtocol23Format" queue.type="LinkedList" action.resumeRetryCount="-1")
                        }
                        """.formatted(input, logqd.syslogPort))) {
                    Rsyslog.awaitListening(input);
                    Run sent = Run.of(List.of("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(input),
                            "-t", "postgres", "could not write: No space left on device"));
                    assertEquals(0, sent.exit(), sent::toString);
                    await("the disk-full message", Duration.ofSeconds(15), () -> hooks.at("/disk").size() == 1);
                }
                assertTrue(hooks.at("/disk").getFirst().body().get("events").get(0).asText().contains(" postgres"),
                        hooks.at("/disk").getFirst().body().toString());
                Run list = Logq.run(logqd, "alerts");
                assertEquals(0, list.exit(), list::toString);
                assertTrue(list.out().lines().anyMatch(l -> l.startsWith("disk-full") && l.contains("firing") && l.contains("al2")), list::toString);

                // a restart: the firing alert is remembered, not sent again; events that came during the stop are evaluated
                assertEquals(0, logqd.stop());
                logqd.start();
                logger(logqd, "postgres", "could not write again: No space left on device");
                quietFor(3000);
                assertEquals(1, hooks.at("/disk").size(), "still the one episode after the restart");

                // kill -HUP with a second rule, a bad one, and the first one edited
                Files.writeString(dir.resolve("b.conf"), """
                        [oom]
                        query = -a kernel 'Out of memory: Killed process'
                        when = any within 2s
                        resolved = no
                        notify = webhook %s

                        [broken]
                        query = -E 'segfault at ('
                        when = any
                        notify = webhook %s
                        """.formatted(hooks.url("/oom"), hooks.url("/broken")));
                assertEquals(0, Run.of(List.of("kill", "-HUP", String.valueOf(logqd.pid()))).exit());
                await("the reload", Duration.ofSeconds(10), () -> logqd.logText().contains("alerts: 2 rules from"));
                assertTrue(logqd.logText().contains(dir.resolve("b.conf") + ":8: rule broken refused: "), logqd.logTail());
                Run refused = Logq.run(logqd, "alerts");
                assertEquals(1, refused.exit(), "a refused rule is an error for logq alerts:\n" + refused);
                assertTrue(refused.err().contains("b.conf:8: rule broken refused"), refused::toString);
                syslog(logqd, "web1", "kernel", "Out of memory: Killed process 4242 (java)");
                await("the oom message", Duration.ofSeconds(10), () -> hooks.at("/oom").size() == 1);

                // logq alerts test shows what would be sent over the last hour, and sends nothing; it searches
                // the index, where an event shows about one refresh after the live rule saw it
                Run indexed = Logq.until(logqd, r -> r.out().strip().equals("1"), Duration.ofSeconds(10), "-c", "-F", "Killed process 4242");
                assertEquals("1", indexed.out().strip(), indexed::toString);
                Run test = Logq.run(logqd, "alerts", "test", "oom");
                assertEquals(0, test.exit(), test::toString);
                assertTrue(test.out().contains("[logq] FIRING oom: 1 event from web1"), test::toString);
                assertTrue(test.err().contains("nothing was sent"), test::toString);
                assertEquals(1, hooks.at("/oom").size());
                Run json = Logq.run(logqd, "alerts", "test", "oom", "-o", "json");
                assertTrue(json.out().startsWith("{\"text\":"), json::toString);

                // silence: a new episode sends nothing while it lasts; lifted, the next one is sent
                Run silence = Logq.run(logqd, "alerts", "silence", "oom", "1h");
                assertEquals(0, silence.exit(), silence::toString);
                assertTrue(silence.out().contains("oom silenced for 1h on 1 of 1 node"), silence::toString);
                quietFor(3000);  // the first episode clears (2 s without a match)
                syslog(logqd, "web2", "kernel", "Out of memory: Killed process 4343 (python3)");
                quietFor(3000);
                assertEquals(1, hooks.at("/oom").size(), "silenced");
                Run listed = Logq.run(logqd, "alerts");
                assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("oom") && l.contains("silenced until")), listed::toString);
                assertEquals(0, Logq.run(logqd, "alerts", "silence", "oom", "0").exit());
                syslog(logqd, "web3", "kernel", "Out of memory: Killed process 4444 (node)");
                await("the oom message after the silence", Duration.ofSeconds(10), () -> hooks.at("/oom").size() == 2);
                assertEquals("web3", hooks.at("/oom").get(1).body().get("hosts").fieldNames().next());
                Run unknown = Logq.run(logqd, "alerts", "test", "nosuchrule");
                assertEquals(1, unknown.exit(), unknown::toString);
                assertTrue(unknown.err().contains("no rule nosuchrule here"), unknown::toString);
            } finally {
                logqd.close();
            }
        }
    }

    @Test
    void threeReplicatingNodesSendEachNotificationOnceAndTheOwnersPeerTakesOver() throws Exception {
        try (Webhooks hooks = new Webhooks()) {
            Path dir = rules("c.conf", """
                    [panic]
                    query = -F 'kernel panic'
                    when = any within 2s
                    resolved = no
                    notify = webhook %s
                    """.formatted(hooks.url("/panic")));
            try (Cluster cluster = Cluster.start(work, "alc", 3, "--alerts", dir.toString())) {
                cluster.awaitConverged(Duration.ofSeconds(30));
                await("every link up", Duration.ofSeconds(30), () -> cluster.nodes.stream().allMatch(n -> {
                    JsonNode peers = Cluster.health(n).get("replication");
                    List<JsonNode> list = new ArrayList<>();
                    peers.elements().forEachRemaining(list::add);
                    return list.size() == 2 && list.stream().allMatch(p -> p.get("connected").asBoolean() && p.get("receiving").asBoolean());
                }));
                Set<String> owners = new HashSet<>();
                for (LogqdProcess n : cluster.nodes) {
                    JsonNode status = Cluster.JSON.readTree(n.get("/api/v1/alerts").body());
                    owners.add(status.get("rules").get(0).get("owner").asText());
                }
                assertEquals(1, owners.size(), "the nodes agree on the owner: " + owners);
                String owner = owners.iterator().next();
                // sent to a node that is not the owner: the owner sends, once
                LogqdProcess receiver = cluster.nodes.stream().filter(n -> !n.node.equals(owner)).findFirst().orElseThrow();
                logger(receiver, "kernel", "kernel panic - not syncing: one");
                await("the panic message", Duration.ofSeconds(10), () -> !hooks.at("/panic").isEmpty());
                quietFor(4000);
                assertEquals(1, hooks.at("/panic").size(), "one message from three nodes: " + hooks.at("/panic"));
                assertEquals(owner, hooks.at("/panic").getFirst().body().get("node").asText());

                // the owner goes down: its peers see its links drop, and the next owner sends the next episode, once
                LogqdProcess down = cluster.nodes.stream().filter(n -> n.node.equals(owner)).findFirst().orElseThrow();
                down.kill();
                LogqdProcess other = cluster.nodes.stream().filter(n -> n != down).findFirst().orElseThrow();
                await("the peers see the owner gone", Duration.ofSeconds(30), () -> {
                    try {
                        return !Cluster.JSON.readTree(other.get("/api/v1/alerts").body()).get("rules").get(0).get("owner").asText().equals(owner);
                    } catch (IOException e) {
                        return false;
                    }
                });
                logger(other, "kernel", "kernel panic - not syncing: two");
                await("the second panic message", Duration.ofSeconds(10), () -> hooks.at("/panic").size() >= 2);
                quietFor(4000);
                assertEquals(2, hooks.at("/panic").size(), hooks.at("/panic").toString());
                String second = hooks.at("/panic").get(1).body().get("node").asText();
                assertFalse(second.equals(owner), second);
            }
        }
    }

    /** Also: a command that hangs is killed at its timeout and counted as a failure. */
    @Test
    void aNotifierThatIsDownIsRetriedAndCountedWhileIngestGoesOnAndADeadRelayRefusesItsRules() throws Exception {
        int closed = Ports.free();
        Path dir = rules("d.conf", """
                [mail]
                relay = 127.0.0.1:%d

                [to-nowhere]
                query = -F 'needs attention'
                when = any
                retries = 2
                notify = webhook http://127.0.0.1:%d/hook

                [by-mail]
                when = any
                notify = mail ops@example.com

                [slow-command]
                query = -F 'needs attention'
                when = any
                retries = 0
                notify = exec /usr/bin/sleep 30
                """.formatted(closed, closed));
        try (LogqdProcess logqd = LogqdProcess.start(work, "al4", "--alerts", dir.toString())) {
            assertTrue(logqd.logText().contains(dir.resolve("d.conf") + ":10: rule by-mail refused: cannot reach the mail relay 127.0.0.1:" + closed),
                    logqd.logTail());
            logger(logqd, "app", "this needs attention");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                many.add("ordinary line " + i + " that needs attention too");
            }
            logger(logqd, "app", many.toArray(String[]::new));
            Run count = Logq.until(logqd, r -> r.out().strip().equals("5001"), Duration.ofSeconds(20), "-c", "-F", "needs attention");
            assertEquals("5001", count.out().strip(), "ingest is not held up by the notifier:\n" + count);
            await("the failure", Duration.ofSeconds(20), () -> logqd.logText().contains("could not notify webhook http://127.0.0.1:" + closed + " after 3 attempts"));
            assertEquals(2, metric(logqd, "logq_alert_notifications_total{notifier=\"webhook\",outcome=\"retried\"}"));
            assertEquals(1, metric(logqd, "logq_alert_notifications_total{notifier=\"webhook\",outcome=\"failed\"}"));
            assertEquals(1, metric(logqd, "logq_alert_rules_refused"));
            await("the command killed", Duration.ofSeconds(20), () -> logqd.logText().contains(
                    "alert slow-command: could not notify exec /usr/bin/sleep after 1 attempts: /usr/bin/sleep did not end within 10 s, and was killed"));
            assertEquals(1, metric(logqd, "logq_alert_notifications_total{notifier=\"exec\",outcome=\"failed\"}"));
            Run list = Logq.run(logqd, "alerts");
            assertTrue(list.out().contains("cannot reach the webhook"), list::toString);
        }
    }

    @Test
    void mailGoesThroughStartTlsWithAuthAndAHostThresholdFires() throws Exception {
        Certs certs = new Certs(Files.createDirectories(work.resolve("certs"))).authority("ca").issue("relay", "relay.test", "ca");
        Path password = Files.writeString(work.resolve("smtp-password"), "s3cret pass\n");
        try (SmtpSink smtp = SmtpSink.startTls(work, certs.pem("relay"), certs.key("relay"), "alerts", "s3cret pass")) {
            Path dir = rules("e.conf", """
                    [mail]
                    relay = 127.0.0.1:%d
                    starttls = always
                    user = alerts
                    password-file = %s
                    ca-file = %s

                    [cpu]
                    when = cpu_total.physique.user_pct > 90 for 2s
                    notify = mail ops@example.com
                    """.formatted(smtp.port, password, certs.pem("ca")));
            try (LogqdProcess logqd = LogqdProcess.start(work, "al5", "--alerts", dir.toString())) {
                for (int i = 0; i < 5; i++) {
                    String sample = "{\"app\":\"logq-perfmon\",\"host\":\"busy1\",\"cpu_total\":{\"physique\":{\"user_pct\":97.5,\"sys_pct\":1}}}";
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(logqd.url() + "/api/v1/ingest"))
                            .POST(HttpRequest.BodyPublishers.ofString(sample + "\n")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    LogqdProcess.sleep(1000);
                }
                await("the cpu mail", Duration.ofSeconds(15), () -> !smtp.messages().isEmpty());
                String mail = smtp.messages().getFirst();
                assertTrue(mail.contains("X-Sink-TLS: True"), mail);
                assertTrue(mail.contains("X-Sink-Auth: True"), mail);
                assertTrue(mail.contains("Subject: [logq] FIRING cpu (busy1): value 97.5"), mail);
                assertTrue(mail.contains("logq stats cpu_total.physique.user_pct --since "), mail);
            }
        }
    }
}
