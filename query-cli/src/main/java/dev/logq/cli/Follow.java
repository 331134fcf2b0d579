package dev.logq.cli;

import dev.logq.cli.NodeFailure.NodeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code logq -f}: every node's new matching events as they come ({@code GET /api/v1/tail}), printed
 * once each, in time order across nodes.
 *
 * <p>One virtual thread per node reads its stream and remembers the journal position of the last event
 * it read ({@code pos}); when the stream breaks (the node stopped, crashed, or the connection dropped) it
 * asks again after a back-off from 0.25 to 5 s, resuming after that position, so nothing is repeated or
 * skipped. A node that has sent nothing yet is asked again for its backlog. A node that does not answer
 * is named once on stderr, and again when it answers.
 *
 * <p>The main thread prints. With several nodes every event arrives once per node that holds it: it is
 * printed the first time its {@code (origin, seq)} comes (the last {@value #REMEMBERED} identities are
 * remembered), after waiting {@link #WINDOW} so that the nodes' streams can be put in time order.
 * With one node each event is printed as it comes.
 */
final class Follow {

    static final Duration WINDOW = Duration.ofMillis(200);
    static final int REMEMBERED = 100_000;
    private static final long[] BACKOFF_MS = {250, 500, 1000, 2000, 5000};

    /** An event as it came, and whether it has been handed on. */
    private static final class Arrival {
        final EventLine event;
        final long nanos;
        boolean released;

        Arrival(EventLine event, long nanos) {
            this.event = event;
            this.nanos = nanos;
        }
    }

    private final NodeClient client;
    private final List<URI> nodes;
    private final Printer out;
    private final PrintWriter err;
    private final Function<EventLine, String> lines;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>(10_000);
    private final Map<String, Boolean> printed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    Follow(NodeClient client, List<URI> nodes, Printer out, PrintWriter err, Function<EventLine, String> lines) {
        this.client = client;
        this.nodes = List.copyOf(nodes);
        this.out = out;
        this.err = err;
        this.lines = lines;
    }

    /** Follows until the output is closed (exit 0) or the process is stopped. */
    int run(SearchRequest request, int backlog) throws InterruptedException {
        for (URI node : nodes) {
            Thread.ofVirtual().name("follow " + node).start(() -> read(node, request, backlog));
        }
        long window = nodes.size() > 1 ? WINDOW.toNanos() : 0;
        // Held events in time order, and in the order they came: each waits about `window` at most,
        // and goes out with every held event older than it.
        PriorityQueue<Arrival> byTime = new PriorityQueue<>(Comparator.comparing((Arrival a) -> a.event.ts()));
        ArrayDeque<Arrival> byArrival = new ArrayDeque<>();
        List<Arrival> came = new ArrayList<>();
        try {
            while (true) {
                Arrival first = byArrival.isEmpty() ? arrivals.take() : arrivals.poll(10, TimeUnit.MILLISECONDS);
                if (first != null) {
                    came.add(first);
                    arrivals.drainTo(came);
                    byTime.addAll(came);
                    byArrival.addAll(came);
                    came.clear();
                }
                long now = System.nanoTime();
                boolean any = false;
                while (!byArrival.isEmpty() && now - byArrival.peekFirst().nanos >= window) {
                    Arrival due = byArrival.pollFirst();
                    while (!due.released) {
                        Arrival next = byTime.poll();
                        next.released = true;
                        any |= print(next.event);
                    }
                }
                if (any) {
                    out.flush();  // a follower's reader waits for each line, also through a pipe
                }
            }
        } catch (Printer.Closed closed) {
            return FanOut.MATCH;
        }
    }

    /** Prints the event unless its identity was printed already; whether it printed. */
    private boolean print(EventLine e) throws Printer.Closed {
        if (e.hasIdentity() && printed.put(e.origin() + "\u0000" + e.seq(), Boolean.TRUE) != null) {
            return false;
        }
        out.println(lines.apply(e));
        return true;
    }

    /** One node's stream, asked again whenever it ends or breaks. */
    private void read(URI node, SearchRequest request, int backlog) {
        long position = -1;
        int failures = 0;
        boolean named = false;
        while (true) {
            try (InputStream body = client.tail(node, request, position, backlog)) {
                if (named) {
                    say("logq: node " + node + " answers again; following it");
                    named = false;
                }
                failures = 0;
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;  // the node's sign of life while nothing matches
                    }
                    EventLine e = EventLine.parse(line);
                    arrivals.put(new Arrival(e, System.nanoTime()));
                    if (e.pos() >= 0) {
                        position = e.pos();
                    }
                }
            } catch (NodeException e) {
                if (!named) {
                    say("logq: " + e.failure().retrying());
                    named = true;
                }
            } catch (IOException | IllegalArgumentException e) {
                if (!named) {
                    say("logq: " + new NodeFailure(node, NodeFailure.Kind.CUT, NodeClient.cut(e instanceof IOException io ? io
                            : new IOException(e.getMessage()))).retrying());
                    named = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void say(String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
