package dev.logq.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.store.model.Units;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code logq nodes}: one line per node with its health and its replication to each peer, so that "is
 * my cluster healthy?" is one command, and its exit status answers it.
 */
final class NodesCommand implements Callable<Integer> {

    static final int HEALTHY = 0;
    static final int UNHEALTHY = 1;

    private static final String[] DESCRIPTION = {
            "Show each node's health, and how far each of its peers is behind in the events it sends them.",
            "",
            "REPLICATION lists the node's peers: 'in sync', 'catching up' (connected, with events still to",
            "send), or 'DOWN' with the last error. EVENTS counts what the node stores, its own and its",
            "peers'; INDEX LAG is what it stored but has not made searchable yet."};

    private static final String[] FOOTER = {
            "  0  every node answered ready and every replication link is up",
            "  1  some node did not answer or is starting, or a link is down",
            "  2  bad usage"};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    NodesCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    /** The subcommand's model, built as {@link LogqOptions} builds logq's. */
    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("nodes").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExit status:%n").footer(FOOTER);
        spec.addArgGroup(LogqOptions.Nodes.spec(1));
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(String.class).order(2)
                .description("short: a table (default); json: each node's /healthz answer as one JSON line, with its url.").build());
        spec.addOption(LogqOptions.helpOption(3));
        return spec;
    }

    /** One node's answer: its health, or why there is none. */
    private record Answer(URI url, String body, NodeHealth health, String error) {}

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String format = spec.findOption("-o").getValue();
        boolean json = format != null && parse("-o", format, NodesCommand::json);
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        Duration timeout = parse("--timeout", given.timeout, NodeAccess::timeout);
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            List<Answer> answers = ask(access);
            Printer out = new Printer(env.stdout(), env.stdoutIsTerminal());
            try {
                if (json) {
                    for (Answer a : answers) {
                        out.println(jsonLine(a));
                    }
                } else {
                    for (String line : table(answers)) {
                        out.println(line);
                    }
                }
                out.flush();
            } catch (Printer.Closed closed) {
                return HEALTHY;
            }
            String problems = problems(answers);
            if (problems != null) {
                err.println("logq: " + problems);
                return UNHEALTHY;
            }
            return HEALTHY;
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    /** {@code -o} of a command that prints a table or JSON lines: whether it is json. */
    static boolean json(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "short" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("'" + value + "' (give short or json)");
        };
    }

    private static List<Answer> ask(NodeAccess access) throws InterruptedException {
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> bodies = new ArrayList<>();
            for (URI node : access.targets) {
                bodies.add(pool.submit(() -> access.client.health(node)));
            }
            for (int i = 0; i < bodies.size(); i++) {
                URI url = access.targets.get(i);
                try {
                    String body = bodies.get(i).get();
                    answers.add(new Answer(url, body, NodeHealth.parse(body), null));
                } catch (ExecutionException e) {
                    String why = e.getCause() instanceof NodeException ne ? ne.failure().kind().what + " (" + ne.failure().reason() + ")"
                            : e.getCause() instanceof IllegalArgumentException bad ? "sent no health answer (" + bad.getMessage() + ")"
                            : String.valueOf(e.getCause());
                    answers.add(new Answer(url, null, null, why));
                }
            }
        }
        return answers;
    }

    private static String jsonLine(Answer a) {
        String url = quote(a.url().toString());
        return a.health() != null ? "{\"url\":" + url + ",\"health\":" + a.body().strip() + "}"
                : "{\"url\":" + url + ",\"error\":" + quote(a.error()) + "}";
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** The table: a header, then a line per node; the last column is free text. */
    static List<String> table(List<Answer> answers) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "URL", "STATUS", "EVENTS", "INDEX LAG", "DISK FREE", "REPLICATION"});
        for (Answer a : answers) {
            NodeHealth h = a.health();
            if (h == null) {
                rows.add(new String[] {"-", a.url().toString(), "DOWN", "-", "-", "-", a.error()});
            } else {
                rows.add(new String[] {h.node(), a.url().toString(), h.ready() ? "ok" : h.status(), Long.toString(h.journalEvents()),
                        Long.toString(h.indexLag()), Units.bytesText(h.diskFreeBytes()), replication(h.peers())});
            }
        }
        return columns(rows);
    }

    /** Rows as aligned columns, two spaces apart; the last column is free text. */
    static List<String> columns(List<String[]> rows) {
        int[] widths = new int[rows.getFirst().length - 1];
        for (String[] row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
            }
            lines.add(line.append(row[widths.length]).toString());
        }
        return lines;
    }

    static String replication(List<NodeHealth.Peer> peers) {
        if (peers == null) {
            return "off";
        }
        if (peers.isEmpty()) {
            return "no peers";
        }
        List<String> parts = new ArrayList<>();
        for (NodeHealth.Peer p : peers) {
            String behind = p.lagEvents() + " events (" + String.format(Locale.ROOT, "%.1f s", p.lagSeconds()) + ") behind";
            if (!p.connected()) {
                parts.add(p.name() + " DOWN" + (p.lagEvents() > 0 ? ", " + behind : "")
                        + (p.lastError() != null ? ": " + p.lastError() : ""));
            } else if (p.lagEvents() > 0) {
                parts.add(p.name() + " catching up, " + behind);
            } else {
                parts.add(p.name() + " in sync");
            }
        }
        return String.join("; ", parts);
    }

    /** What is wrong, in one line, or null if nothing. */
    private static String problems(List<Answer> answers) {
        long down = answers.stream().filter(a -> a.health() == null).count();
        long starting = answers.stream().filter(a -> a.health() != null && !a.health().ready()).count();
        long links = answers.stream().filter(a -> a.health() != null && a.health().peers() != null)
                .flatMap(a -> a.health().peers().stream()).filter(p -> !p.connected()).count();
        List<String> parts = new ArrayList<>();
        if (down > 0) {
            parts.add(down + " of " + answers.size() + (answers.size() == 1 ? " node" : " nodes") + " did not answer");
        }
        if (starting > 0) {
            parts.add(starting + (starting == 1 ? " node is" : " nodes are") + " starting");
        }
        if (links > 0) {
            parts.add(links + (links == 1 ? " replication link is" : " replication links are") + " down");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private <T> T parse(String option, String value, Function<String, T> parser) {
        return Selection.parse(spec, option, value, parser);
    }
}
