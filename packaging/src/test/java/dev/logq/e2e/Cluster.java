package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Several real logqd processes on 127.0.0.1, each listing all of them with {@code --peer} (each skips
 * itself), and what each of them holds, read from its own API: not through logq, which merges nodes
 * and drops duplicates, so a node that stored something twice shows it.
 */
final class Cluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<LogqdProcess> nodes;

    private Cluster(List<LogqdProcess> nodes) {
        this.nodes = nodes;
    }

    /** {@code n} nodes named PREFIX1..PREFIXn, started with the same peer list and {@code flags}. */
    static Cluster start(Path work, String prefix, int n, String... flags) {
        List<LogqdProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(LogqdProcess.prepare(List.of(), work, prefix + i, flags));
        }
        String peers = String.join(",", nodes.stream().map(LogqdProcess::peerEntry).toList());
        for (LogqdProcess node : nodes) {
            node.flags("--peer", peers).start();
        }
        return new Cluster(nodes);
    }

    /** Nodes already started, each with its own flags. */
    static Cluster of(List<LogqdProcess> nodes) {
        return new Cluster(List.copyOf(nodes));
    }

    LogqdProcess node(int i) {
        return nodes.get(i - 1);
    }

    /** Every event the node holds, oldest first, every copy of one sending included ({@code all_copies}). */
    static List<JsonNode> events(LogqdProcess node) {
        try {
            HttpResponse<String> r = node.get("/api/v1/search?since=2000-01-01T00:00:00Z&order=oldest&all_copies=true");
            assertEquals(200, r.statusCode(), r.body());
            List<JsonNode> events = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a node holds of one origin, seq to message; fails if it holds an (origin, seq) twice.
     */
    static Map<Long, String> of(List<JsonNode> events, String origin) {
        Map<Long, String> bySeq = new HashMap<>();
        for (JsonNode e : events) {
            if (e.path("origin").asText().equals(origin)) {
                String before = bySeq.put(e.path("seq").asLong(), e.path("msg").asText());
                if (before != null) {
                    throw new AssertionError("(" + origin + ", " + e.path("seq").asLong() + ") is stored twice");
                }
            }
        }
        return bySeq;
    }

    /** The node's own last seq, from /healthz. */
    static long lastSeq(LogqdProcess node) {
        return health(node).path("last_seq").asLong();
    }

    static JsonNode health(LogqdProcess node) {
        try {
            return JSON.readTree(node.get("/healthz").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether every node holds exactly every other node's own events, each once. */
    boolean converged() {
        for (LogqdProcess origin : nodes) {
            long last = lastSeq(origin);
            for (LogqdProcess holder : nodes) {
                // the origin too: after a restart it indexes its own journal again before it can answer
                if (health(holder).path("index_lag").asLong() > 0) {
                    return false;
                }
                if (of(events(holder), origin.node).size() != last + 1) {
                    return false;
                }
            }
        }
        return true;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "\n" + state.get());
            }
            LogqdProcess.sleep(200);
        }
    }

    /** Waits until every node holds every node's events; says who holds how much of whom if not. */
    void awaitConverged(Duration timeout) {
        await("every node holds every node's events", timeout, this::converged, this::describe);
    }

    /** For each node: its own last seq, how many events of each origin it holds, its peers' status and log. */
    String describe() {
        StringBuilder out = new StringBuilder();
        for (LogqdProcess holder : nodes) {
            out.append(holder.node).append(": last_seq ").append(lastSeq(holder)).append(", holds");
            List<JsonNode> events = events(holder);
            for (LogqdProcess origin : nodes) {
                out.append(' ').append(origin.node).append('=').append(of(events, origin.node).size());
            }
            out.append("; ").append(health(holder).path("replication")).append('\n').append(holder.logTail()).append('\n');
        }
        return out.toString();
    }

    /** Every node holds, for every origin, exactly what the origin holds of its own: same seqs, same messages. */
    void assertEveryNodeHoldsEveryEventOnce() {
        Map<LogqdProcess, List<JsonNode>> held = new HashMap<>();
        for (LogqdProcess node : nodes) {
            held.put(node, events(node));
        }
        for (LogqdProcess origin : nodes) {
            Map<Long, String> own = of(held.get(origin), origin.node);
            assertEquals(lastSeq(origin) + 1, own.size(), origin.node + " holds each of its own seqs once, without a gap");
            for (LogqdProcess holder : nodes) {
                assertEquals(own, of(held.get(holder), origin.node), holder.node + " holds what " + origin.node + " received, once");
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(LogqdProcess::close);
    }
}
