package dev.logq.cli;

import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.cli.SearchRequest.Order;
import dev.logq.store.model.CountBy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs one query on every node at once and turns the answers into output and an exit status.
 *
 * <p>Exit status, as grep's: 0 when something was printed (with {@code -c}: the count is not 0), 1
 * when nothing was, 2 when no node gave a complete answer. Nodes that fail while others answer are
 * warned about on stderr, once each, after the output, and do not change the status. A reader that
 * closes standard output ends the run quietly with 0.
 */
final class FanOut {

    static final int MATCH = 0;
    static final int NO_MATCH = 1;
    static final int ERROR = 2;
    private static final int COPY_BYTES = 64 * 1024;

    private final NodeClient client;
    private final List<URI> nodes;
    private final Printer out;
    private final PrintWriter err;
    private final boolean strict;
    private final Progress progress;

    /**
     * @param strict whether a node that did not answer in full makes the exit status {@link #ERROR}
     * @param progress where a long answer's progress is shown
     */
    FanOut(NodeClient client, List<URI> nodes, Printer out, PrintWriter err, boolean strict, Progress progress) {
        this.strict = strict;
        this.progress = progress;
        this.client = client;
        this.nodes = List.copyOf(nodes);
        this.out = out;
        this.err = err;
    }

    /**
     * Prints the merged events. With {@code oldestFirstFromNewest} the request asks for the newest
     * {@code limit} events (order newest) and they are printed oldest first: only those are buffered.
     *
     * @param coloured the lines in colour ({@link Colors}), or null to print {@code format} as it is
     */
    int search(SearchRequest request, boolean oldestFirstFromNewest, OutputFormat format, ZoneId zone,
            Function<EventLine, String> coloured) throws InterruptedException {
        if (nodes.size() == 1 && coloured == null) {  // nothing to merge: the node writes the lines as logq prints them
            URI node = nodes.getFirst();
            InputStream body;
            try {
                body = client.searchLines(node, request, format, zone);
            } catch (NodeException e) {
                return report(List.of(e.failure()), NO_MATCH);
            }
            return oldestFirstFromNewest ? reverseLines(node, body) : copyLines(node, body);
        }
        List<NodeFailure> failures = new ArrayList<>();
        List<EventSource> sources = ask(node -> client.search(node, request), failures);
        long printed = 0;
        try (MergedStream merged = new MergedStream(sources, request.order(), request.limit(), request.allCopies())) {
            Deque<EventLine> newest = new ArrayDeque<>();
            Function<EventLine, String> lines = coloured != null ? coloured : format.formatter(zone);
            for (EventLine event = merged.next(); event != null; event = merged.next()) {
                if (oldestFirstFromNewest) {
                    newest.push(event);
                } else {
                    out.println(lines.apply(event));
                    printed++;
                    progress.add(1);
                }
            }
            for (EventLine event : newest) {
                out.println(lines.apply(event));
                printed++;
            }
            out.flush();
            failures.addAll(merged.failures());
        } catch (Printer.Closed closed) {
            return MATCH;
        }
        return report(failures, printed > 0 ? MATCH : NO_MATCH);
    }

    /**
     * One node's lines, copied to the output as they come, whole lines only, so an answer that breaks
     * off never ends in half a line.
     */
    private int copyLines(URI node, InputStream body) {
        byte[] buffer = new byte[COPY_BYTES];
        int held = 0;  // bytes after the last line end, waiting for the rest of their line
        long printed = 0;
        try (body) {
            for (int n; (n = body.read(buffer, held, buffer.length - held)) >= 0; ) {
                int end = held + n;
                int whole = lastLineEnd(buffer, held, end) + 1;
                if (whole == 0 && end == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);  // a line longer than the buffer
                    held = end;
                    continue;
                }
                if (whole > 0) {
                    out.printLines(buffer, 0, whole);
                    printed += whole;
                    progress.addLines(buffer, whole);
                    System.arraycopy(buffer, whole, buffer, 0, end - whole);
                }
                held = end - whole;
            }
            out.flush();
        } catch (Printer.Closed closed) {
            return MATCH;
        } catch (IOException e) {
            flushQuietly();
            return report(List.of(new NodeFailure(node, NodeFailure.Kind.CUT, NodeClient.cut(e))), printed > 0 ? MATCH : NO_MATCH);
        }
        return printed > 0 ? MATCH : NO_MATCH;
    }

    /**
     * One node's newest {@code -n} events, to print oldest first: the node sends them newest first, and
     * they are printed last line first. Only those lines are held, as text.
     */
    private int reverseLines(URI node, InputStream body) {
        byte[] text = new byte[COPY_BYTES];
        int length = 0;
        NodeFailure cut = null;
        try (body) {
            for (int n; (n = body.read(text, length, text.length - length)) >= 0; ) {
                length += n;
                if (length == text.length) {
                    text = Arrays.copyOf(text, text.length * 2);
                }
            }
        } catch (IOException e) {
            cut = new NodeFailure(node, NodeFailure.Kind.CUT, NodeClient.cut(e));  // print the whole lines that came
        }
        long printed = 0;
        try {
            for (int end = lastLineEnd(text, 0, length) + 1; end > 0; printed++) {
                int start = lastLineEnd(text, 0, end - 1) + 1;
                out.printLines(text, start, end - start);
                end = start;
            }
            out.flush();
        } catch (Printer.Closed closed) {
            return MATCH;
        }
        int status = printed > 0 ? MATCH : NO_MATCH;
        return cut == null ? status : report(List.of(cut), status);
    }

    /** The index of the last '\n' in {@code buffer[from, to)}, or -1. */
    private static int lastLineEnd(byte[] buffer, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (Printer.Closed closed) {
            // the reader is gone; the failure is still reported on stderr
        }
    }

    /** Prints the number of matching events, each replicated copy counted once; at most {@code limit} if not 0. */
    int count(SearchRequest request, long limit) throws InterruptedException {
        List<NodeFailure> failures = new ArrayList<>();
        CountMerge counts = new CountMerge();
        ask(node -> client.count(node, request, null), failures).forEach(counts::add);
        long total = limit > 0 ? Math.min(limit, counts.total()) : counts.total();
        if (failures.size() < nodes.size()) {
            try {
                out.println(Long.toString(total));
                out.flush();
            } catch (Printer.Closed closed) {
                return MATCH;
            }
        }
        return report(failures, total > 0 ? MATCH : NO_MATCH);
    }

    /**
     * grep's {@code -B before} and {@code -A after}: asked of one node, the first that answers, since
     * every node holds every node's events (replication) and groups of context from several nodes could
     * not be merged line by line. Nodes that do not answer are warned about, as in a search.
     */
    int context(SearchRequest request, OutputFormat format, ZoneId zone, int before, int after) throws InterruptedException {
        List<NodeFailure> failures = new ArrayList<>();
        for (URI node : nodes) {
            InputStream body;
            try {
                body = client.contextLines(node, request, format, zone, before, after);
            } catch (NodeException e) {
                failures.add(e.failure());
                continue;
            }
            return report(failures, copyLines(node, body));  // the nodes before it, warned about as in a search
        }
        return report(failures, NO_MATCH);
    }

    /** Prints the merged counts per group as {@code table} lays them out. */
    int countBy(SearchRequest request, CountBy by, CountTable table) throws InterruptedException {
        return counted(request, by, "--count-by", counts -> table.lines(counts.groups()));
    }

    /**
     * A count by {@code by} from every node, merged ({@link CountMerge}) and printed as {@code lines}
     * renders it; what {@code lines} refuses is an error, said after {@code what}.
     */
    int counted(SearchRequest request, CountBy by, String what, Function<CountMerge, List<String>> lines) throws InterruptedException {
        List<NodeFailure> failures = new ArrayList<>();
        CountMerge counts = new CountMerge();
        ask(node -> client.count(node, request, by), failures).forEach(counts::add);
        if (failures.size() < nodes.size()) {
            try {
                for (String line : lines.apply(counts)) {
                    out.println(line);
                }
                out.flush();
            } catch (Printer.Closed closed) {
                return MATCH;
            } catch (IllegalArgumentException tooMany) {
                err.println("logq: " + what + ": " + tooMany.getMessage());
                err.flush();
                return ERROR;
            }
        }
        return report(failures, counts.total() > 0 ? MATCH : NO_MATCH);
    }

    /** One request to one node. */
    interface NodeCall<T> {
        T ask(URI node) throws NodeException;
    }

    /**
     * Asks every node at once, a virtual thread each; one node from this thread (starting no thread
     * pool saves a cold JVM tens of milliseconds). Returns the answers; the failures go to {@code failures}.
     */
    <T> List<T> ask(NodeCall<T> call, List<NodeFailure> failures) throws InterruptedException {
        List<T> answered = new ArrayList<>();
        if (nodes.size() == 1) {
            try {
                answered.add(call.ask(nodes.getFirst()));
            } catch (NodeException e) {
                failures.add(e.failure());
            }
            return answered;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> answers = new ArrayList<>();
            for (URI node : nodes) {
                answers.add(pool.submit(() -> call.ask(node)));
            }
            for (Future<T> answer : answers) {
                try {
                    answered.add(answer.get());
                } catch (ExecutionException e) {
                    failures.add(failure(e));
                }
            }
        }
        return answered;
    }

    private static NodeFailure failure(ExecutionException e) {
        if (e.getCause() instanceof NodeException failed) {
            return failed.failure();
        }
        throw new IllegalStateException("asking a node failed unexpectedly", e.getCause());
    }

    /** Says what failed; returns {@code status}, or {@link #ERROR} if no node answered in full. */
    int report(List<NodeFailure> failures, int status) {
        if (failures.size() < nodes.size()) {
            failures.forEach(f -> err.println("logq: " + f.warning()));
            err.flush();
            return strict && !failures.isEmpty() ? ERROR : status;
        }
        // All failed: one line per distinct problem, naming every node that had it.
        Map<List<Object>, List<NodeFailure>> alike = new LinkedHashMap<>();
        for (NodeFailure f : failures) {
            alike.computeIfAbsent(List.of(f.kind(), f.reason()), k -> new ArrayList<>()).add(f);
        }
        for (List<NodeFailure> group : alike.values()) {
            String names = group.stream().map(f -> f.node().toString()).collect(Collectors.joining(", "));
            err.println("logq: " + group.getFirst().error(names));
        }
        err.flush();
        return ERROR;
    }

    /** How to ask for a given output order and limit (see {@link #search}). */
    static Order order(long limit, boolean newestFirst) {
        return limit > 0 || newestFirst ? Order.NEWEST : Order.OLDEST;
    }
}
