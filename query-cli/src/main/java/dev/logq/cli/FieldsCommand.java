package dev.logq.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logq.cli.SearchRequest.Mode;
import dev.logq.cli.SearchRequest.Order;
import dev.logq.store.model.CountBy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code logq fields}: the structured field names of the selected events, with how many events have
 * each and a few of its values, so that a {@code --field} filter or a {@code --count-by} can be written
 * without reading events first. Counted by the nodes' indexes, replicated copies once, as {@code -c}.
 */
final class FieldsCommand implements Callable<Integer> {

    private static final String[] DESCRIPTION = {
            "List the structured field names of the matching events, each with how many",
            "events have it and a few of its values: JSON fields (nested ones joined with",
            "dots, as http.status) and RFC 5424 structured data (SD-ID.PARAM, as",
            "origin.ip). Filter on them with --field, count their values with",
            "--count-by NAME."};

    private static final String[] FOOTER = {
            "  logq fields --since 1d",
            "      the fields of the last day's events",
            "  logq fields -a nginx -o json | jq -r .field",
            "      the names alone, for scripts",
            "",
            "TIME is as in logq --help (15m, 2h, 7d, 2026-11-24, 10:30, today...).",
            "Exit status: 0 some event has fields, 1 none has, 2 bad usage or no node",
            "answered."};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    FieldsCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    /** The subcommand's model, built as {@link LogqOptions} builds logq's. */
    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("fields").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExamples:%n").footer(FOOTER);
        spec.addArgGroup(LogqOptions.Time.spec());
        spec.addArgGroup(LogqOptions.Select.spec());
        spec.addArgGroup(LogqOptions.Nodes.spec(3));
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(String.class).order(4)
                .description("short: a table (default); json: {\"field\":NAME,\"count\":N,\"examples\":[...]} per line.").build());
        spec.addOption(LogqOptions.helpOption(5));
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        LogqOptions.Select select = LogqOptions.Select.of(spec);
        Selection selected = Selection.of(spec, LogqOptions.Time.of(spec), select, env.clock());
        String format = spec.findOption("-o").getValue();
        boolean json = format != null && Selection.parse(spec, "-o", format, FieldsCommand::json);
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        Duration timeout = Selection.parse(spec, "--timeout", given.timeout, NodeAccess::timeout);
        SearchRequest request = new SearchRequest(null, Mode.BASIC, false, false, false, false, selected.since(), selected.until(),
                select.hosts, select.apps, selected.severity(), 0, Order.OLDEST, false, select.fields, false);
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            FanOut fanOut = new FanOut(access.client, access.targets, new Printer(env.stdout(), env.stdoutIsTerminal()), err,
                    false, Progress.NONE);
            return fanOut.counted(request, new CountBy(CountBy.Kind.FIELDS, 0, 0), "fields", counts -> lines(counts, json));
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    private static boolean json(String value) {
        return switch (value) {
            case "short" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("'" + value + "' (give short or json)");
        };
    }

    /** The table (a header, then a line per name, by name) or the JSON lines. */
    static List<String> lines(CountMerge counts, boolean json) {
        Map<String, Long> names = new TreeMap<>(counts.groups());
        Map<String, Set<String>> examples = counts.examples();
        List<String> lines = new ArrayList<>();
        if (json) {
            names.forEach((name, n) -> lines.add("{\"field\":" + quote(name) + ",\"count\":" + n + ",\"examples\":["
                    + examples.getOrDefault(name, Set.of()).stream().map(FieldsCommand::quote).collect(Collectors.joining(",")) + "]}"));
            return lines;
        }
        if (names.isEmpty()) {
            return lines;
        }
        int nameWidth = Math.max("FIELD".length(), names.keySet().stream().mapToInt(n -> n.codePointCount(0, n.length())).max().orElse(0));
        int countWidth = Math.max("EVENTS".length(), names.values().stream().mapToInt(n -> Long.toString(n).length()).max().orElse(0));
        lines.add(row("FIELD", nameWidth, "EVENTS", countWidth, "EXAMPLES"));
        names.forEach((name, n) -> lines.add(row(name, nameWidth, Long.toString(n), countWidth,
                String.join(", ", examples.getOrDefault(name, Set.of())).replaceAll("\\p{Cntrl}", " "))));
        return lines;
    }

    private static String row(String name, int nameWidth, String count, int countWidth, String examples) {
        return name + " ".repeat(nameWidth - name.codePointCount(0, name.length()) + 2)
                + " ".repeat(countWidth - count.length()) + count + "  " + examples;
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
