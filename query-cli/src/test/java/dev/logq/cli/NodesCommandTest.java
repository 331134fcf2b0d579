package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How logq nodes reads /healthz and says what it holds (the real exchange is in the end-to-end tests). */
class NodesCommandTest {

    static final String HEALTH = """
            {"status":"ok","node":"n1","ready":true,"last_seq":41,"journal_events":120,"indexed_events":118,"index_lag":2,
             "pending_appends":0,"journal_bytes":1,"index_bytes":2,"partitions":1,"disk_free_bytes":3221225472,
             "replication":{"n2":{"address":"10.0.0.2:9515","connected":true,"receiving":true,"acked_seq":41,"lag_events":0,
                                  "lag_seconds":0.0,"sent_bytes":9,"last_error":null},
                            "n3":{"address":"10.0.0.3:9515","connected":false,"receiving":false,"acked_seq":11,"lag_events":30,
                                  "lag_seconds":12.25,"sent_bytes":9,"last_error":"cannot connect to 10.0.0.3:9515: refused"},
                            "n4":{"connected":true,"lag_events":5,"lag_seconds":0.5,"last_error":null}}}
            """;

    @Test
    void healthIsReadWithEachPeer() {
        NodeHealth h = NodeHealth.parse(HEALTH);
        assertEquals("n1", h.node());
        assertTrue(h.ready());
        assertEquals(120, h.journalEvents());
        assertEquals(2, h.indexLag());
        assertEquals(List.of(new NodeHealth.Peer("n2", true, 0, 0.0, null),
                new NodeHealth.Peer("n3", false, 30, 12.25, "cannot connect to 10.0.0.3:9515: refused"),
                new NodeHealth.Peer("n4", true, 5, 0.5, null)), h.peers());
        assertNull(NodeHealth.parse("{\"status\":\"starting\",\"node\":\"n9\"}").peers(), "no replication key: off");
    }

    @Test
    void eachPeerIsInSyncCatchingUpOrDown() {
        assertEquals("n2 in sync; n3 DOWN, 30 events (12.3 s) behind: cannot connect to 10.0.0.3:9515: refused; "
                + "n4 catching up, 5 events (0.5 s) behind", NodesCommand.replication(NodeHealth.parse(HEALTH).peers()));
        assertEquals("off", NodesCommand.replication(null));
        assertEquals("no peers", NodesCommand.replication(List.of()));
    }

    @Test
    void notAHealthAnswerSaysSo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeHealth.parse("<html>")).getMessage().startsWith("not JSON"));
        assertEquals("no 'node' or 'status': is it a logqd node?",
                assertThrows(IllegalArgumentException.class, () -> NodeHealth.parse("{\"x\":1}")).getMessage());
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        LogqRun run = LogqRun.run("nodes", "-o", "yaml");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("logq: invalid value for -o: 'yaml' (give short or json)"), run.err());
    }

    @Test
    void aNodeThatDoesNotAnswerMakesTheStatusOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();  // closed again: nothing listens there
        }
        for (LogqRun run : List.of(LogqRun.run("nodes", "--node", "127.0.0.1:" + port), LogqRun.run("--node", "127.0.0.1:" + port, "nodes"))) {
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.out().lines().skip(1).findFirst().orElseThrow().startsWith("-     http://127.0.0.1:" + port), run.out());
            assertTrue(run.err().contains("logq: 1 of 1 node did not answer"), run.err());
        }
    }
}
