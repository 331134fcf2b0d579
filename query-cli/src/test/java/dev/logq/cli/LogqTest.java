package dev.logq.cli;

import static dev.logq.cli.Events.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code logq} end to end in-process, against fake nodes on 127.0.0.1 that answer, lag, break or refuse. */
class LogqTest {

    // Node n1 originated a1, a3, a5; n2 originated b2, b4 and holds a replicated copy of a3.
    static final List<String> N1 = List.of(
            event("2026-11-24T09:00:01Z", "a1", "n1", 1),
            event("2026-11-24T09:00:03Z", "a3", "n1", 2),
            event("2026-11-24T09:00:05Z", "a5", "n1", 3));
    static final List<String> N2 = List.of(
            event("2026-11-24T09:00:02Z", "b2", "n2", 1),
            event("2026-11-24T09:00:03Z", "a3", "n1", 2),
            event("2026-11-24T09:00:04Z", "b4", "n2", 2));

    private final List<FakeNode> started = new java.util.ArrayList<>();

    @AfterEach
    void stopNodes() {
        started.forEach(FakeNode::close);
    }

    private FakeNode node(FakeNode node) {
        started.add(node);
        return node;
    }

    private static String[] args(List<URI> nodes, String... rest) {
        List<String> all = new java.util.ArrayList<>();
        for (URI node : nodes) {
            all.add("--node");
            all.add(node.toString());
        }
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void mergesTheNodesByTimeAndPrintsAReplicatedEventOnce() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "-o", "raw"));

        assertEquals(List.of("a1", "b2", "a3", "b4", "a5"), run.lines());
        assertEquals("", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void asksEveryNodeTheSameQueryWithTheWindowResolvedToUtc() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));

        LogqRun.run(args(List.of(n1.url(), n2.url()), "--since", "yesterday", "--until", "1h", "-H", "web1", "-H", "web 2",
                "-a", "sshd", "-p", "warn", "-E", "-i", "-w", "a+b & c=d"));

        Map<String, List<String>> expected = Map.of(
                "q", List.of("a+b & c=d"), "mode", List.of("extended"), "i", List.of("true"), "w", List.of("true"),
                "since", List.of("2026-11-22T23:00:00Z"), "until", List.of("2026-11-24T08:30:00Z"),
                "host", List.of("web1", "web 2"), "app", List.of("sshd"), "severity", List.of("warning"),
                "order", List.of("oldest"));
        assertEquals(List.of(expected), n1.requests());
        assertEquals(List.of(expected), n2.requests());
    }

    @Test
    void limitShowsTheNewestEventsStillOldestFirst() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "-o", "raw", "-n", "3"));

        assertEquals(List.of("a3", "b4", "a5"), run.lines());
        assertEquals("3", FakeNode.first(n1.requests().getFirst(), "limit"));
        assertEquals("newest", FakeNode.first(n1.requests().getFirst(), "order"));
        assertEquals(0, run.exit());
    }

    @Test
    void limitOnOneNodeShowsItsNewestLinesOldestFirstInEveryFormat() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));

        LogqRun raw = LogqRun.run(args(List.of(n1.url()), "-o", "raw", "-n", "2"));
        LogqRun json = LogqRun.run(args(List.of(n1.url()), "-o", "json", "-n", "2"));
        LogqRun all = LogqRun.run(args(List.of(n1.url()), "-o", "raw", "-n", "10"));

        assertEquals(List.of("a3", "a5"), raw.lines());
        assertEquals(2, json.lines().size());
        assertTrue(json.lines().get(0).contains("\"msg\":\"a3\"") && json.lines().get(1).contains("\"msg\":\"a5\""), json.out());
        assertEquals(List.of("a1", "a3", "a5"), all.lines());
        assertEquals(List.of("raw", "newest", "2"), List.of(FakeNode.first(n1.requests().getFirst(), "format"),
                FakeNode.first(n1.requests().getFirst(), "order"), FakeNode.first(n1.requests().getFirst(), "limit")));
        assertEquals(0, raw.exit());
    }

    @Test
    void limitOnOneNodeCutMidStreamPrintsTheWholeLinesThatCameAndSaysSo() throws IOException {
        FakeNode n1 = node(FakeNode.cutAfter(N1, 2));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "-o", "raw", "-n", "3"));

        assertEquals(List.of("a3", "a5"), run.lines(), "the two newest came, newest first; printed oldest first");
        assertTrue(run.err().contains("stopped answering mid-stream"), run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void reversePrintsNewestFirst() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));

        LogqRun all = LogqRun.run(args(List.of(n1.url(), n2.url()), "-o", "raw", "-r"));
        LogqRun limited = LogqRun.run(args(List.of(n1.url(), n2.url()), "-o", "raw", "-r", "-n", "2"));

        assertEquals(List.of("a5", "b4", "a3", "b2", "a1"), all.lines());
        assertEquals(List.of("a5", "b4"), limited.lines());
    }

    @Test
    void aSlowNodeIsWaitedForAndMergedInOrder() throws IOException {
        CountDownLatch fastOneDone = new CountDownLatch(1);
        FakeNode fast = node(FakeNode.serving(N1));
        FakeNode slow = node(FakeNode.slow(N2, fastOneDone));
        Thread.ofVirtual().start(() -> {
            try {
                fast.awaitAnswered(); // the slow node starts only once the fast one has sent everything
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                fastOneDone.countDown();
            }
        });

        LogqRun run = LogqRun.run(args(List.of(slow.url(), fast.url()), "-o", "raw"));

        assertEquals(List.of("a1", "b2", "a3", "b4", "a5"), run.lines());
        assertEquals(0, run.exit());
    }

    @Test
    void aNodeCutMidStreamIsWarnedAboutAndTheOthersAnswersArePrinted() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.cutAfter(N2, 1));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "-o", "raw"));

        assertEquals(List.of("a1", "b2", "a3", "a5"), run.lines());
        assertEquals("logq: warning: node " + n2.url() + " stopped answering mid-stream"
                + " (connection closed before the end of the answer); results may be incomplete\n", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void theOnlyNodeCutMidStreamIsAnErrorAfterWhatItSent() throws IOException {
        FakeNode n1 = node(FakeNode.cutAfter(N1, 2));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "-o", "raw"));

        assertEquals(List.of("a1", "a3"), run.lines());
        assertEquals("logq: " + n1.url() + " stopped answering mid-stream"
                + " (connection closed before the end of the answer): results are incomplete\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void withStrictANodeThatDidNotAnswerMakesTheExitStatusTwoAfterTheOthersResults() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        URI down = FakeNode.refusing();

        LogqRun run = LogqRun.run(args(List.of(down, n1.url()), "-o", "raw", "--strict"));
        FakeNode counting = node(FakeNode.answering(200, "{\"count\":3,\"origins\":{\"n1\":3}}"));
        LogqRun count = LogqRun.run(args(List.of(down, counting.url()), "-c", "--strict"));

        assertEquals(List.of("a1", "a3", "a5"), run.lines());
        assertEquals("logq: warning: node " + down + " did not answer (connection refused); results may be incomplete\n", run.err());
        assertEquals(2, run.exit());
        assertEquals("3\n", count.out());
        assertEquals(2, count.exit());
        assertEquals(0, LogqRun.run(args(List.of(n1.url()), "-o", "raw", "--strict")).exit(), "every node answered");
    }

    @Test
    void aRefusingNodeIsWarnedAboutOnceAndTheRestIsPrinted() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        URI down = FakeNode.refusing();

        LogqRun run = LogqRun.run(args(List.of(down, n1.url()), "-o", "raw"));

        assertEquals(List.of("a1", "a3", "a5"), run.lines());
        assertEquals("logq: warning: node " + down + " did not answer (connection refused); results may be incomplete\n", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void noReachableNodeIsAnErrorWithAHint() throws IOException {
        URI down = FakeNode.refusing();

        LogqRun run = LogqRun.run(args(List.of(down)));

        assertEquals("", run.out());
        assertEquals("logq: cannot reach " + down + " (connection refused): is logqd running? (see --node)\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void anHttpsNodeIsAskedWithTls() throws IOException {
        URI down = FakeNode.refusing();
        URI https = URI.create("https://127.0.0.1:" + down.getPort());

        LogqRun run = LogqRun.run(args(List.of(https)));

        assertEquals("logq: cannot reach " + https + " (connection refused): is logqd running? (see --node)\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void aNodeThatAcceptsButNeverCompletesTheConnectionTimesOut() throws IOException {
        // A socket that is listening but never read: the kernel completes TCP, and the TLS hello is never
        // answered. (A plain HTTP server was used before; it answers 400 when the hello's random bytes
        // hold a CRLF, which made this test fail now and then with "unrecognized SSL message".)
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            URI https = URI.create("https://127.0.0.1:" + silent.getLocalPort());

            LogqRun run = LogqRun.run(args(List.of(https), "--timeout", "200ms"));

            assertEquals("logq: cannot reach " + https + " (connect timed out after 200ms): is logqd running? (see --node)\n", run.err());
            assertEquals(2, run.exit());
        }
    }

    @Test
    void aPatternEveryNodeRejectsIsShownOnceWithTheNodesMessage() throws IOException {
        String body = "{\"error\":\"bad pattern '\\\\(': unmatched \\\\(\"}";
        FakeNode n1 = node(FakeNode.answering(400, body));
        FakeNode n2 = node(FakeNode.answering(400, body));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "\\("));

        assertEquals("logq: " + n1.url() + ", " + n2.url() + " rejected the query (bad pattern '\\(': unmatched \\():"
                + " check the pattern and options\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void nodesFailingInDifferentWaysGetALineEach() throws IOException {
        URI down = FakeNode.refusing();
        FakeNode starting = node(FakeNode.answering(503, "{\"error\":\"node is not ready yet (see /healthz)\"}"));
        FakeNode locked = node(FakeNode.answering(401, "{\"error\":\"token required\"}"));

        LogqRun run = LogqRun.run(args(List.of(down, starting.url(), locked.url())));

        assertEquals(List.of(
                "logq: cannot reach " + down + " (connection refused): is logqd running? (see --node)",
                "logq: " + starting.url() + " is not ready (HTTP 503: node is not ready yet (see /healthz)): try again shortly (see /healthz on the node)",
                "logq: " + locked.url() + " refused access (HTTP 401: token required): set --token or LOGQ_TOKEN"), run.errLines());
        assertEquals(2, run.exit());
    }

    @Test
    void anAddressWithoutTheSearchApiIsNotTakenForANode() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        URI elsewhere = URI.create(n1.url() + "/elsewhere");

        LogqRun run = LogqRun.run(args(List.of(elsewhere)));

        assertEquals("logq: " + elsewhere + " has no search API (HTTP 404): is it a logqd node? (see --node)\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void aRejectingNodeBesideAnAnsweringOneIsAWarning() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode old = node(FakeNode.answering(400, "{\"error\":\"unknown parameter 'w'\"}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), old.url()), "-o", "raw", "-w", "a1"));

        assertEquals(List.of("a1", "a3", "a5"), run.lines()); // the fake node does not filter
        assertEquals("logq: warning: node " + old.url() + " rejected the query (unknown parameter 'w'); results may be incomplete\n", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void nothingMatchedExitsWithOne() throws IOException {
        FakeNode empty = node(FakeNode.serving(List.of()));

        LogqRun run = LogqRun.run(args(List.of(empty.url()), "nothing"));

        assertEquals("", run.out());
        assertEquals("", run.err());
        assertEquals(1, run.exit());
    }

    @Test
    void countTakesTheLargestCountPerOriginAcrossNodes() throws IOException {
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":5,\"origins\":{\"n1\":3,\"n2\":2}}"));
        FakeNode n2 = node(FakeNode.answering(200, "{\"count\":6,\"origins\":{\"n1\":2,\"n2\":4}}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "-c", "timeout"));

        assertEquals("7\n", run.out());
        assertEquals("true", FakeNode.first(n1.requests().getFirst(), "count"));
        assertEquals(0, run.exit());
    }

    @Test
    void countByMergesEachOriginsGroupsFromTheNodeMostCaughtUpOnIt() throws IOException {
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":5,\"origins\":{\"n1\":3,\"n2\":2},"
                + "\"by\":{\"n1\":{\"web1\":3},\"n2\":{\"db1\":2}}}"));
        FakeNode n2 = node(FakeNode.answering(200, "{\"count\":6,\"origins\":{\"n1\":2,\"n2\":4},"
                + "\"by\":{\"n1\":{\"web1\":2},\"n2\":{\"db1\":3,\"web1\":1}}}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url(), n2.url()), "--count-by", "host", "-F", "disk"));
        LogqRun json = LogqRun.run(args(List.of(n1.url(), n2.url()), "--count-by", "host", "-o", "json"));

        assertEquals(List.of("web1  4", "db1   3"), run.lines());
        assertEquals(List.of("{\"host\":\"web1\",\"count\":4}", "{\"host\":\"db1\",\"count\":3}"), json.lines());
        assertEquals(0, run.exit());
        Map<String, List<String>> asked = n1.requests().getFirst();
        assertEquals(List.of("true"), asked.get("count"));
        assertEquals(List.of("host"), asked.get("by"));
        assertEquals(List.of("disk"), asked.get("q"));
    }

    @Test
    void countByTimeAsksForBucketsFromTheLocalOffsetAndPrintsEveryBucket() throws IOException {
        long nine = Instant.parse("2026-11-24T08:00:00Z").getEpochSecond();  // 09:00 in LogqRun's Berlin
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":3,\"origins\":{\"n1\":3},\"by\":{\"n1\":{\""
                + nine + "\":2,\"" + (nine + 1800) + "\":1}}}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "--count-by", "15m"));

        assertEquals(List.of("2026-11-24 09:00  2", "2026-11-24 09:15  0", "2026-11-24 09:30  1"), run.lines());
        assertEquals(List.of("900s"), n1.requests().getFirst().get("by"));
        assertEquals(List.of("3600"), n1.requests().getFirst().get("offset"));
    }

    @Test
    void contextIsAskedOfTheFirstNodeThatAnswersAndItsLinesPrinted() throws IOException {
        URI down = FakeNode.refusing();
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));

        LogqRun run = LogqRun.run(args(List.of(down, n1.url(), n2.url()), "-o", "raw", "-C", "2", "-B", "1", "a"));

        assertEquals(List.of("a1", "a3", "a5"), run.lines());
        assertEquals(0, run.exit());
        assertEquals("logq: warning: node " + down + " did not answer (connection refused); results may be incomplete\n", run.err());
        Map<String, List<String>> asked = n1.requests().getFirst();
        assertEquals(List.of("1"), asked.get("before"), "-B wins over -C for the lines before");
        assertEquals(List.of("2"), asked.get("after"));
        assertEquals(List.of("oldest"), asked.get("order"));
        assertEquals(List.of(), n2.requests(), "one node answers for all: they replicate");
    }

    @Test
    void contextRefusesWhatItCannotDoInOneLine() {
        for (List<String> other : List.of(List.of("-c"), List.of("-n", "3"), List.of("-r"), List.of("--count-by", "host"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--node", "127.0.0.1:1", "-A", "1"));
            args.addAll(other);
            LogqRun run = LogqRun.run(args.toArray(String[]::new));
            assertEquals(2, run.exit(), other.toString());
            assertTrue(run.err().startsWith("logq: -A, -B and -C do not go with -c, --count-by, -n or -r\n"), run.err());
        }
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "-C", "1001").err().startsWith("logq: invalid value for -C: 1001 (give 0..1000 events)"));
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "-A", "x").err().startsWith("logq: Invalid value for option '--after-context'"));
    }

    @Test
    void followRefusesWhatItCannotDoInOneLine() {
        for (String other : List.of("-c", "-r", "--all-copies")) {
            LogqRun run = LogqRun.run("--node", "127.0.0.1:1", "-f", other);
            assertEquals(2, run.exit(), other);
            assertTrue(run.err().startsWith("logq: -f follows new events: it does not go with -c, --count-by, -r, --until, --all-copies or -A/-B/-C\n"),
                    run.err());
        }
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "-f", "--until", "1h").err().startsWith("logq: -f follows new events"));
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "-f", "-n", "100001").err()
                .startsWith("logq: invalid value for -n: 100001 (with -f, at most 100000 to start with)"));
    }

    @Test
    void followAsksEachNodeForTheLastTenMatchesByDefaultThenFromWhereItIs() {
        SearchRequest request = new SearchRequest("disk", SearchRequest.Mode.FIXED, false, false, false, false, null, null,
                List.of("web1"), List.of(), null, 0, SearchRequest.Order.OLDEST, false, List.of(), false);
        URI node = URI.create("http://log1:9514");
        assertEquals("http://log1:9514/api/v1/tail?q=disk&mode=fixed&host=web1&backlog=10", request.tailUri(node, -1, 10).toString());
        assertEquals("http://log1:9514/api/v1/tail?q=disk&mode=fixed&host=web1&from=42", request.tailUri(node, 42, 10).toString());
        assertEquals("http://log1:9514/api/v1/tail?q=disk&mode=fixed&host=web1", request.tailUri(node, -1, 0).toString());
    }

    @Test
    void countByRefusesWhatItCannotDoInOneLine() {
        LogqRun nonsense = LogqRun.run("--node", "127.0.0.1:1", "--count-by", "5x");
        assertEquals(2, nonsense.exit());
        assertEquals("logq: invalid value for --count-by: '5x' is not host, app, severity, a field's name or a time bucket such as 5m, 1h, 1d\n"
                + "Try 'logq --help' for more information.\n", nonsense.err());
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "--count-by", "host", "-n", "5").err()
                .startsWith("logq: -n does not go with --count-by"));
        assertTrue(LogqRun.run("--node", "127.0.0.1:1", "--count-by", "1h", "-o", "raw").err()
                .startsWith("logq: --count-by prints a table (-o short) or JSON lines (-o json), not -o raw"));
    }

    @Test
    void aCountByAFieldNoMatchingEventHasIsAnErrorNamingIt() throws IOException {
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":0,\"origins\":{},\"by\":{}}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "--count-by", "nonsense"));

        assertEquals(2, run.exit());
        assertEquals("logq: --count-by: no matching event has a field 'nonsense' (count by host, app, severity, a time bucket such as "
                + "5m, 1h, 1d, or a field: logq fields lists their names)\n", run.err());
        assertEquals("field:nonsense", FakeNode.first(n1.requests().getFirst(), "by"));
    }

    @Test
    void fieldsListsTheNamesOfBothNodesWithTheLargerCountPerOriginAndPooledExamples() throws IOException {
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":5,\"origins\":{\"n1\":5},\"by\":{\"n1\":{\"status\":3,\"path\":2}},"
                + "\"examples\":{\"status\":[\"200\"],\"path\":[\"/a\",\"/b\"]}}"));
        FakeNode n2 = node(FakeNode.answering(200, "{\"count\":4,\"origins\":{\"n1\":4},\"by\":{\"n1\":{\"status\":4}},"
                + "\"examples\":{\"status\":[\"200\",\"500\",\"404\"]}}"));

        LogqRun table = LogqRun.run(args(List.of(n1.url(), n2.url()), "fields", "--field", "status>1"));
        LogqRun json = LogqRun.run(args(List.of(n1.url(), n2.url()), "fields", "-o", "json"));

        assertEquals("FIELD   EVENTS  EXAMPLES\npath         2  /a, /b\nstatus       3  200, 500, 404\n", table.out(), table.err());
        assertEquals(0, table.exit());
        assertEquals("{\"field\":\"path\",\"count\":2,\"examples\":[\"/a\",\"/b\"]}\n"
                + "{\"field\":\"status\",\"count\":3,\"examples\":[\"200\",\"500\",\"404\"]}\n", json.out());
        assertEquals("fields", FakeNode.first(n1.requests().getFirst(), "by"));
        assertEquals("status>1", FakeNode.first(n1.requests().getFirst(), "field"));
    }

    @Test
    void withColourOneNodeIsAskedForJsonAndTheLinesAreColouredHere() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "--color=always", "--utc", "-F", "a"));
        LogqRun never = LogqRun.run(args(List.of(n1.url()), "--color", "never", "--utc", "-F", "a"));

        assertEquals(null, FakeNode.first(n1.requests().getFirst(), "format"), "JSON, formatted by logq");
        assertEquals("true", FakeNode.first(n1.requests().getFirst(), "marks"), "with the node's marks of the matches");
        assertTrue(run.out().endsWith(": a5\n"), "this node sends no marks, and info has no colour: " + run.out());
        assertFalse(never.out().contains("\033["), never.out());
        assertEquals("short", FakeNode.first(n1.requests().getLast(), "format"));
        LogqRun bad = LogqRun.run(args(List.of(n1.url()), "--color=sometimes"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("logq: invalid value for --color: 'sometimes' (give auto, always or never)"), bad.err());
    }

    @Test
    void aCountOfZeroExitsWithOne() throws IOException {
        FakeNode n1 = node(FakeNode.answering(200, "{\"count\":0,\"origins\":{}}"));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "-c", "timeout"));

        assertEquals("0\n", run.out());
        assertEquals(1, run.exit());
    }

    @Test
    void countWithEveryNodeDownPrintsNoNumber() throws IOException {
        URI down = FakeNode.refusing();

        LogqRun run = LogqRun.run(args(List.of(down), "-c"));

        assertEquals("", run.out());
        assertEquals(2, run.exit());
    }

    @Test
    void jsonOutputIsEachNodesLineUnchanged() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "-o", "json"));

        assertEquals(N1, run.lines());
    }

    @Test
    void shortOutputShowsTimesInUtcWhenAsked() throws IOException {
        FakeNode n1 = node(FakeNode.serving(List.of(event("2026-11-24T09:00:01.5Z", "web1", "sshd", "42", "hello", "n1", 1))));

        LogqRun local = LogqRun.run(args(List.of(n1.url())));
        LogqRun utc = LogqRun.run(args(List.of(n1.url()), "--utc"));

        assertEquals("2026-11-24T10:00:01.500+01:00 web1 sshd[42]: hello\n", local.out());
        assertEquals("2026-11-24T09:00:01.500Z web1 sshd[42]: hello\n", utc.out());
    }

    @Test
    void aClosedStandardOutputEndsQuietlyWithZero() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream pipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };

        LogqRun run = LogqRun.run(Map.of(), pipe, captured, args(List.of(n1.url())));

        assertEquals("", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void theTokenIsSentAsABearerToken() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));

        LogqRun.run(args(List.of(n1.url()), "--token", "s3cret"));
        LogqRun.run(Map.of("LOGQ_TOKEN", "fromenv"), args(List.of(n1.url())));
        LogqRun.run(args(List.of(n1.url())));

        assertEquals(List.of("Bearer s3cret", "Bearer fromenv", ""), n1.authorizations());
    }

    @Test
    void nodesComeFromLogqNodesWithoutNodeFlags() throws IOException {
        FakeNode n1 = node(FakeNode.serving(N1));
        FakeNode n2 = node(FakeNode.serving(N2));
        String hostPorts = n1.url().getAuthority() + "," + n2.url().getAuthority();

        LogqRun run = LogqRun.run(Map.of("LOGQ_NODES", hostPorts), "-o", "raw");

        assertEquals(List.of("a1", "b2", "a3", "b4", "a5"), run.lines());
    }

    @Test
    void dashEPassesAPatternThatLooksLikeAnOption() throws IOException {
        FakeNode n1 = node(FakeNode.serving(List.of()));

        LogqRun run = LogqRun.run(args(List.of(n1.url()), "-iw", "-e", "--since"));

        assertEquals("--since", FakeNode.first(n1.requests().getFirst(), "q"));
        assertEquals("true", FakeNode.first(n1.requests().getFirst(), "i"));
        assertEquals("true", FakeNode.first(n1.requests().getFirst(), "w"));
        assertEquals(1, run.exit());
    }

    @Test
    void severalDashEPatternsAreSentAsOnePatternPerLineAsGrepTakesThem() throws IOException {
        FakeNode n1 = node(FakeNode.serving(List.of()));

        LogqRun.run(args(List.of(n1.url()), "-x", "-e", "disk full", "-e", "-oops", "-e", "a|b"));

        assertEquals(List.of("disk full\n-oops\na|b"), n1.requests().getFirst().get("q"));
        assertEquals(List.of("true"), n1.requests().getFirst().get("x"));
    }

    @Test
    void aPriorityRangeIsSentAsARangeOfNames() throws IOException {
        FakeNode n1 = node(FakeNode.serving(List.of()));

        LogqRun.run(args(List.of(n1.url()), "-p", "4..3"));
        LogqRun.run(args(List.of(n1.url()), "-p", "warning"));

        assertEquals(List.of("err..warning"), n1.requests().getFirst().get("severity"));
        assertEquals(List.of("warning"), n1.requests().get(1).get("severity"));
    }

    @Test
    void anEmptyPatternIsSentAsAnEmptyPattern() throws IOException {
        FakeNode n1 = node(FakeNode.serving(List.of()));

        LogqRun.run(args(List.of(n1.url()), "-F", "-e", ""));

        assertEquals(List.of(""), n1.requests().getFirst().get("q"));
        assertEquals(List.of("fixed"), n1.requests().getFirst().get("mode"));
    }

    @Test
    void anUnknownOptionIsAUsageErrorPointingToHelp() {
        LogqRun run = LogqRun.run("--bogus");

        assertEquals(List.of("logq: Unknown option: '--bogus'", "Try 'logq --help' for more information."), run.errLines());
        assertEquals(2, run.exit());
    }

    @Test
    void aBadTimeIsAUsageErrorSayingWhatIsAccepted() {
        LogqRun run = LogqRun.run("--since", "last tuesday");

        assertTrue(run.err().startsWith("logq: invalid value for --since: 'last tuesday' is not a time (use 30s,"), run.err());
        assertTrue(run.err().endsWith("Try 'logq --help' for more information.\n"), run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void usageMistakesAreCaughtBeforeAnyNodeIsAsked() {
        assertEquals(2, LogqRun.run("-E", "-F", "x").exit());
        assertEquals(2, LogqRun.run("-e", "x", "y").exit());
        assertEquals(2, LogqRun.run("-n", "0").exit());
        assertEquals(2, LogqRun.run("-p", "loud").exit());
        assertEquals(2, LogqRun.run("-o", "xml").exit());
        assertEquals(2, LogqRun.run("--since", "1h", "--until", "2h").exit());
        assertEquals(2, LogqRun.run("--timeout", "0s").exit());
        assertEquals(2, LogqRun.run("a", "b").exit());
        assertEquals(2, LogqRun.run("-e", "a", "-e", "b", "c").exit());
        assertEquals(2, LogqRun.run("-p", "err..loud").exit());
        assertEquals(2, LogqRun.run("-e").exit());
    }

    @Test
    void conflictingMatchersAreNamedInTheError() {
        LogqRun run = LogqRun.run("-E", "-F", "x");

        assertEquals("logq: conflicting matchers: give only one of -G, -E, -F", run.errLines().getFirst());
    }

    @Test
    void aBadNodeAddressIsAnErrorNamingIt() {
        LogqRun run = LogqRun.run("--node", "ftp://log1");

        assertEquals("logq: bad node address 'ftp://log1' in --node (use http://HOST:PORT or HOST:PORT)\n", run.err());
        assertEquals(2, run.exit());
    }

    @Test
    void versionPrintsTheProgramAndItsVersion() {
        LogqRun run = LogqRun.run("--version");

        assertTrue(run.out().matches("logq \\S.*\n"), run.out());
        assertEquals(0, run.exit());
    }

    @Test
    void helpShowsOptionGroupsExamplesAndExitStatus() {
        LogqRun run = LogqRun.run("--help");

        for (String section : List.of("Usage: logq [OPTIONS] [PATTERN]", "Time:", "Selecting events:", "Matching (as grep):",
                "Output:", "Nodes:", "Examples:", "Exit status:")) {
            assertTrue(run.out().contains(section), section);
        }
        assertEquals(0, run.exit());
    }

    @Test
    void helpListsEverySubcommandThoughAQueryBuildsNone() {
        // main builds only the subcommands an argument names; help, however asked for, lists them all
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"-ch"}, new String[] {"-i", "--help", "x"})) {
            LogqRun run = LogqRun.run(args);
            for (String sub : List.of("nodes", "fields", "stats", "top", "export", "import", "alerts")) {
                assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  " + sub + " ")), String.join(" ", args) + " lists " + sub);
            }
        }
        assertEquals(List.of(), Logq.commandLine(new Logq(Logq.Env.system()), new String[] {"--since", "1h", "-H", "web1", "timeout"})
                .getSubcommands().keySet().stream().toList());
        assertEquals(List.of("nodes"), Logq.commandLine(new Logq(Logq.Env.system()), new String[] {"--node", "a:1", "nodes"})
                .getSubcommands().keySet().stream().toList());
    }
}
