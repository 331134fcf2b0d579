package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.cli.NodeFailure.NodeException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code logq import FILE...}: events as {@code logq export} (or {@code logq -o json}) wrote them, sent to one
 * node's {@code /api/v1/import} with their origin, seq and times. The node keeps each (origin, seq) once, by
 * the highest seq it holds per origin, so each origin's events must arrive in seq order: the files are
 * sorted by (origin, seq) first, in runs of {@value #RUN} lines written to a temporary directory and merged,
 * so a file of any size sorts in bounded memory. Importing the same file again stores nothing.
 */
final class ImportCommand implements Callable<Integer> {

    /** Lines sorted in memory at a time. */
    static final int RUN = 100_000;
    /** The most bytes one request carries. */
    static final int REQUEST_BYTES = 4 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    private static final String[] DESCRIPTION = {
            "Store events that logq export wrote (JSON lines with their origin, seq and times) in a node,",
            "each once: what the node holds already is counted as held, not stored again. FILE - is stdin.",
            "The node is the first of --node, LOGQ_NODES or the config file. With replication, import into",
            "each node: a node passes on only the events it received itself."};

    private static final String[] FOOTER = {
            "  logq export --since 30d > log1-november.json",
            "  logq --node http://log2:9514 import log1-november.json",
            "",
            "Exit status: 0 every line stored or held, 1 some lines rejected, 2 bad usage or the node failed."};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    ImportCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("import").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExamples:%n").footer(FOOTER);
        spec.addArgGroup(LogqOptions.Nodes.spec(1));
        spec.addOption(LogqOptions.helpOption(2));
        spec.addPositional(PositionalParamSpec.builder().arity("1..*").paramLabel("FILE").type(List.class).auxiliaryTypes(String.class)
                .description("A file of JSON lines as logq export writes them; - for stdin.").build());
        return spec;
    }

    /**
     * One line of the export, in (origin, seq) order; {@code origin} null if the line is not an exported
     * event (those are rejected before sorting). Its own order, not a {@code Comparator} composed in a static
     * field: that one's lambdas were spun at every start of {@code logq}, import or not.
     */
    record Line(String origin, long seq, String text) implements Comparable<Line> {
        @Override
        public int compareTo(Line other) {
            int byOrigin = origin.compareTo(other.origin);
            return byOrigin != 0 ? byOrigin : Long.compare(seq, other.seq);
        }
    }

    /** What the node answered, summed over the requests. */
    private static final class Totals {
        long read;
        long stored;
        long held;
        long rejected;
        String firstError;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        List<String> files = spec.positionalParameters().getFirst().getValue();
        Duration timeout;
        try {
            timeout = NodeAccess.timeout(given.timeout);
        } catch (IllegalArgumentException e) {
            err.println("logq: --timeout '" + given.timeout + "': " + e.getMessage());
            return FanOut.ERROR;
        }
        Path runs = null;
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            URI node = access.targets.getFirst();
            runs = Files.createTempDirectory("logq-import");
            Totals totals = new Totals();
            List<Path> sorted = sortedRuns(files, runs, totals, err);
            send(access.client, node, sorted, totals);
            err.printf("logq import: %,d events read, %,d stored in %s, %,d held already, %,d rejected%s%n", totals.read, totals.stored,
                    node, totals.held, totals.rejected, totals.firstError == null ? "" : " (first: " + totals.firstError + ")");
            return totals.rejected == 0 ? 0 : 1;
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        } catch (NodeException e) {
            err.println("logq import: " + e.failure().node() + " " + e.failure().kind().what + " (" + e.failure().reason()
                    + "); what was sent before is stored, and importing the file again stores only the rest");
            return FanOut.ERROR;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("logq import: " + e.getMessage());
            return FanOut.ERROR;
        } finally {
            deleteQuietly(runs);
        }
    }

    /** Reads every file and writes it as sorted runs; a line without origin and seq is rejected here. */
    private List<Path> sortedRuns(List<String> files, Path dir, Totals totals, PrintWriter err) throws IOException {
        List<Path> runs = new ArrayList<>();
        List<Line> run = new ArrayList<>();
        for (String file : files) {
            try (BufferedReader in = file.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                int number = 0;
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    number++;
                    if (text.isBlank()) {
                        continue;
                    }
                    totals.read++;
                    Line line = line(text);
                    if (line.origin() == null) {
                        totals.rejected++;
                        if (totals.firstError == null) {
                            totals.firstError = file + ":" + number + ": not an event with its origin and seq, as logq export writes";
                        }
                        continue;
                    }
                    run.add(line);
                    if (run.size() == RUN) {
                        runs.add(write(run, dir, runs.size()));
                        run.clear();
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("no such file: " + file);
            }
        }
        if (!run.isEmpty()) {
            runs.add(write(run, dir, runs.size()));
        }
        return runs;
    }

    private static Path write(List<Line> run, Path dir, int n) throws IOException {
        run.sort(null);
        Path file = dir.resolve("run-" + n);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Line l : run) {
                out.write(l.text());
                out.write('\n');
            }
        }
        return file;
    }

    /** The origin and seq of an exported event's line; a null origin if it has none or is not JSON. */
    static Line line(String text) {
        String origin = null;
        long seq = -1;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("origin") && value == JsonToken.VALUE_STRING) {
                        origin = p.getText();
                    } else if (name.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                        seq = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException notJson) {
            return new Line(null, -1, text);
        }
        return origin != null && seq >= 0 ? new Line(origin, seq, text) : new Line(null, -1, text);
    }

    /** Merges the runs in (origin, seq) order and POSTs them in requests of up to {@link #REQUEST_BYTES}. */
    private void send(NodeClient client, URI node, List<Path> runs, Totals totals) throws IOException, NodeException, InterruptedException {
        record Head(Line line, BufferedReader from) {}
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::line));
        List<BufferedReader> readers = new ArrayList<>();
        try {
            for (Path run : runs) {
                BufferedReader in = Files.newBufferedReader(run, StandardCharsets.UTF_8);
                readers.add(in);
                String first = in.readLine();
                if (first != null) {
                    heads.add(new Head(line(first), in));
                }
            }
            Progress progress = "1".equals(env.variables().get(Progress.VARIABLE)) ? new Progress(spec.commandLine().getErr()) : Progress.NONE;
            StringBuilder request = new StringBuilder();
            int lines = 0;
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                request.append(head.line().text()).append('\n');
                lines++;
                String next = head.from().readLine();
                if (next != null) {
                    heads.add(new Head(line(next), head.from()));
                }
                if (request.length() >= REQUEST_BYTES || heads.isEmpty()) {
                    post(client, node, request.toString().getBytes(StandardCharsets.UTF_8), totals);
                    progress.add(lines);
                    request.setLength(0);
                    lines = 0;
                }
            }
            progress.done();
        } finally {
            for (BufferedReader in : readers) {
                in.close();
            }
        }
    }

    /** One request; a busy node (503) gets it again after a second, for up to a minute. */
    private static void post(NodeClient client, URI node, byte[] body, Totals totals) throws NodeException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Answer answer = Answer.parse(client.importLines(node, body));
                totals.stored += answer.stored();
                totals.held += answer.held();
                totals.rejected += answer.rejected();
                if (totals.firstError == null && answer.firstError() != null) {
                    totals.firstError = answer.firstError();
                }
                return;
            } catch (NodeException e) {
                if (e.failure().kind() != NodeFailure.Kind.NOT_READY || attempt == 60) {
                    throw e;
                }
                Thread.sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** The node's answer to one request. */
    record Answer(long stored, long held, long rejected, String firstError) {
        static Answer parse(String json) {
            long stored = 0, held = 0, rejected = 0;
            String firstError = null;
            try (JsonParser p = JSON.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "stored" -> stored = p.getLongValue();
                        case "held" -> held = p.getLongValue();
                        case "rejected" -> rejected = p.getLongValue();
                        case "errors" -> {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String field = p.currentName();
                                    p.nextToken();
                                    if (field.equals("error") && firstError == null) {
                                        firstError = p.getText();
                                    }
                                }
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the node's answer is not JSON: " + e.getMessage(), e);
            }
            return new Answer(stored, held, rejected, firstError);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind; the system cleans it
        }
    }
}
