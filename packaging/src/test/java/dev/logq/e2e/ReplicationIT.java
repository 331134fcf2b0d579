package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real logqd processes replicating to each other on 127.0.0.1, fed by real clients: every node ends with
 * every event exactly once, compared node by node through each node's own API, also when a peer or a
 * sender is killed with kill -9 in the middle.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplicationIT {

    @TempDir
    Path work;

    private static List<String> lines(String prefix, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(prefix + " " + i);
        }
        return lines;
    }

    private void logger(int port, String tag, List<String> lines) throws Exception {
        Run sent = Run.of(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port", String.valueOf(port), "-t", tag,
                "-f", Files.write(work.resolve(tag + ".txt"), lines).toString()));
        assertEquals(0, sent.exit(), sent.toString());
    }

    private static Run loggen(int port, int rate, int seconds) {
        Run r = Run.of(List.of(Dist.loggen().toString(), "-S", "-s", "200", "-r", String.valueOf(rate), "-I", String.valueOf(seconds),
                "127.0.0.1", String.valueOf(port)));
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    /** An rsyslog that forwards what it gets on its own input with {@code action}, and that input's port. */
    private Rsyslog rsyslog(String name, String action, int[] input) throws Exception {
        input[0] = Ports.free();
        Rsyslog r = Rsyslog.start(work, name, """
                module(load="imtcp")
                module(load="omrelp")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="fwd")
                ruleset(name="fwd") { %s }
                """.formatted(input[0], action));
        Rsyslog.awaitListening(input[0]);
        return r;
    }

    @Test
    void threeNodesFedByLoggerLoggenAndRsyslogEachHoldEveryEventOnce() throws Exception {
        try (Cluster cluster = Cluster.start(work, "n", 3)) {
            LogqdProcess n1 = cluster.node(1);
            LogqdProcess n2 = cluster.node(2);
            LogqdProcess n3 = cluster.node(3);
            int[] fwdInput = new int[1];
            int[] relpInput = new int[1];
            try (Rsyslog omfwd = rsyslog("omfwd", """
                    action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                           queue.type="LinkedList" action.resumeRetryCount="-1")""".formatted(n3.syslogPort), fwdInput);
                 Rsyslog omrelp = rsyslog("omrelp", """
                    action(type="omrelp" target="127.0.0.1" port="%d" queue.type="LinkedList" action.resumeRetryCount="-1")"""
                         .formatted(n1.relpPort), relpInput)) {
                logger(n1.syslogPort, "via-logger", lines("logger to n1", 2000));
                loggen(n2.syslogPort, 5000, 2);
                logger(fwdInput[0], "via-omfwd", lines("omfwd to n3", 2000));
                logger(relpInput[0], "via-omrelp", lines("omrelp to n1", 2000));
                Cluster.await("n3 has the omfwd lines and n1 the omrelp ones", Duration.ofSeconds(60),
                        () -> Cluster.lastSeq(n3) >= 1999 && Cluster.lastSeq(n1) >= 3999);
            }
            cluster.awaitConverged(Duration.ofSeconds(60));
            cluster.assertEveryNodeHoldsEveryEventOnce();
            assertEquals(4000, Cluster.lastSeq(n1) + 1, "logger's and omrelp's lines, each once");
            assertTrue(Cluster.lastSeq(n2) + 1 >= 5000, "loggen's messages");
            Run all = Logq.run(List.of(n1.url(), n2.url(), n3.url()), "--since", "1d", "-c");
            assertEquals(String.valueOf(Cluster.lastSeq(n1) + Cluster.lastSeq(n2) + Cluster.lastSeq(n3) + 3), all.out().strip(),
                    "logq asking all three shows each event once");
            JsonNode status = Cluster.health(n1).path("replication");
            for (String peer : List.of("n2", "n3")) {
                assertTrue(status.path(peer).path("connected").asBoolean(), status.toString());
                assertEquals(0, status.path(peer).path("lag_events").asLong(), status.toString());
            }
        }
    }

    @Test
    void aPeerKilledUnderLoadCatchesUpAndASenderKilledMidBatchLosesAndDoublesNothing() throws Exception {
        try (Cluster cluster = Cluster.start(work, "k", 2)) {
            LogqdProcess k1 = cluster.node(1);
            LogqdProcess k2 = cluster.node(2);
            int[] relpInput = new int[1];
            try (Rsyslog omrelp = rsyslog("to-k1", """
                    action(type="omrelp" target="127.0.0.1" port="%d" queue.type="LinkedList" queue.size="100000"
                           action.resumeRetryCount="-1" action.resumeInterval="1")""".formatted(k1.relpPort), relpInput)) {
                Thread load = Thread.ofPlatform().start(() -> {
                    try {
                        for (int round = 0; round < 6; round++) {
                            logger(relpInput[0], "load", lines("round " + round, 3000));
                            LogqdProcess.sleep(300);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                LogqdProcess.sleep(600);
                k2.kill();  // the peer, with batches in flight
                LogqdProcess.sleep(1500);
                k2.start();
                LogqdProcess.sleep(800);
                k1.kill();  // the sender, mid-batch; rsyslog keeps what it did not get answered
                LogqdProcess.sleep(500);
                k1.start();
                load.join();
                Cluster.await("rsyslog delivered all 18000 lines to k1", Duration.ofSeconds(90),
                        () -> Logq.run(k1, "--since", "1d", "-c", "-a", "load").out().strip().equals("18000")
                                || Cluster.lastSeq(k1) >= 17999);
            }
            cluster.awaitConverged(Duration.ofSeconds(60));
            cluster.assertEveryNodeHoldsEveryEventOnce();
            Map<Long, String> onK2 = Cluster.of(Cluster.events(k2), "k1");
            assertTrue(onK2.size() >= 18000, "every line k1 took (RELP resends what k1 had stored but not answered): " + onK2.size());
        }
    }
}
