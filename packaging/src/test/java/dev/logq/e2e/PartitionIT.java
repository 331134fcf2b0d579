package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real network partition between two replicating logqd processes: one runs in a network namespace the
 * test creates, joined to the other by a veth pair, and the test takes the pair's link down under load
 * from both sides' clients, for longer than a sender waits for an acknowledgement, then brings it back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionIT {

    @TempDir
    Path work;

    @Test
    void aPartitionUnderLoadHealsWithNothingLostOrDoubled() throws Exception {
        String why = NetNs.unavailable();
        if (why != null) {
            System.err.println("PartitionIT skipped: " + why);
        }
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
        try (NetNs ns = NetNs.create()) {
            LogqdProcess p1 = LogqdProcess.prepare(List.of(), work, "p1").bind(ns.outside);
            LogqdProcess p2 = LogqdProcess.prepare(ns.exec(), work, "p2").bind(ns.inside);
            String peers = p1.peerEntry() + "," + p2.peerEntry();
            try (Cluster cluster = Cluster.of(List.of(p1, p2))) {
                p1.flags("--peer", peers).start();
                p2.flags("--peer", peers).start();
                cluster.awaitConverged(Duration.ofSeconds(30));

                List<Process> load = new ArrayList<>();
                load.add(loggen(List.of(), p1, 1500, 25));
                load.add(loggen(ns.exec(), p2, 1500, 25));  // from inside: it reaches p2 while the link is down
                LogqdProcess.sleep(4000);
                ns.cut();
                LogqdProcess.sleep(20_000);  // longer than a sender waits for an acknowledgement (15 s)
                String duringCut = Cluster.health(p1).path("replication").path("p2").toString();
                ns.restore();
                for (Process p : load) {
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "loggen ended");
                    assertEquals(0, p.exitValue(), "loggen's exit status");
                }
                cluster.awaitConverged(Duration.ofSeconds(90));
                cluster.assertEveryNodeHoldsEveryEventOnce();
                assertTrue(Cluster.lastSeq(p1) > 20_000 && Cluster.lastSeq(p2) > 20_000,
                        "both took load through the cut: " + Cluster.lastSeq(p1) + ", " + Cluster.lastSeq(p2));
                assertTrue(duringCut.contains("\"connected\":false"), "p1 saw p2 as gone during the cut: " + duringCut);
            }
        }
    }

    /** loggen sending 200-byte messages over TCP at {@code rate}/s for {@code seconds} to the node. */
    private Process loggen(List<String> prefix, LogqdProcess to, int rate, int seconds) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Dist.loggen().toString(), "-S", "-s", "200", "-r", String.valueOf(rate), "-I", String.valueOf(seconds),
                to.host(), String.valueOf(to.syslogPort)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("loggen-" + to.node + ".txt").toFile()).start();
    }
}
