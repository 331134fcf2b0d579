package dev.logq.cli;

import dev.logq.cli.SearchRequest.Mode;
import dev.logq.store.model.CountBy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code logq}: grep over the events stored on logq nodes. The options are declared in
 * {@link LogqOptions}; this class resolves them once into a request and the nodes to ask, and hands
 * over to {@link FanOut}.
 *
 * <p>Run it with {@link #commandLine(Logq)}, which adds grep-style usage errors
 * ({@code Try 'logq --help'}) and routes picocli's own output to the given streams.
 */
public final class Logq implements Callable<Integer> {

    /** Without -n or --since, -f starts with this many of the newest matches, as tail -f does with lines. */
    static final int DEFAULT_BACKLOG = 10;
    static final int MAX_BACKLOG = 100_000;
    /** The most context events either side of a match, as a node gives them. */
    static final int MAX_CONTEXT = 1000;

    private static final String[] SYNOPSIS = {"logq [OPTIONS] [PATTERN]", "  or:  logq [OPTIONS] -e PATTERN",
            "  or:  logq nodes [--node URL]...   (each node's health and replication; see logq nodes --help)",
            "  or:  logq fields [OPTIONS]         (the structured fields of the events; see logq fields --help)",
            "  or:  logq stats FIELD... [OPTIONS] (host statistics per host; see logq stats --help)",
            "  or:  logq top [OPTIONS]            (each host at a glance; see logq top --help)"};

    private static final String[] DESCRIPTION = {
            "Search the logs stored on logq nodes, like grep. All nodes are asked at once;",
            "their answers are merged by time, and an event replicated to several nodes",
            "is printed once; so is an event a client sent to several nodes, once for",
            "each time it sent it (--all-copies shows every stored copy).",
            "",
            "Events print oldest first, like a log file. With -n N: the N newest matching",
            "events, still oldest first (like tail). With -r: newest first."};

    private static final String[] FOOTER = {
            "  logq --since 1h -H web1 timeout",
            "      'timeout' in the last hour, from host web1",
            "  logq -p err --since today",
            "      errors and worse since midnight",
            "  logq -n 20 -a sshd -i 'failed password'",
            "      the 20 newest sshd login failures",
            "  logq -c -E --since 7d 'OOM|out of memory'",
            "      how many in the last 7 days",
            "  logq --count-by 1h --since 1d -a sshd 'Failed password'",
            "      when did it start? one bar per hour",
            "  logq -f -p err",
            "      follow errors from every node as they come (Ctrl-C stops)",
            "  logq -o json --since '2026-11-24 09:00' --until '2026-11-24 10:00' | jq .msg",
            "      one hour of events as JSON, for scripts",
            "  logq --node log1:9514 --node log2:9514 -r disk",
            "      ask two nodes, newest first",
            "  logq --since 1h --field status>=500 --count-by path",
            "      JSON events with a status of 500 or more in the last hour, per path",
            "  logq fields --since 1d",
            "      which structured fields the last day's events have, with examples",
            "  logq nodes",
            "      is every node up, and is replication between them in sync? (to search",
            "      for the word 'nodes' or 'fields', write logq -e nodes)",
            "",
            "TIME is a span ago (30s, 15m, 2h, 7d, 1w, 1h30m), an RFC 3339 time",
            "(2026-11-24T09:00:00Z, 2026-11-24T10:00:00+01:00; local time without a zone;",
            "'T' or a space between date and time), a date (2026-11-24: local midnight),",
            "a time of day (10:30: today), today, yesterday or now. --since includes its",
            "time, --until does not.",
            "",
            "Nodes: --node, else LOGQ_NODES (comma separated), else 'nodes' in the config",
            "file, else " + NodeList.DEFAULT + ". The config file is --config, else",
            "$XDG_CONFIG_HOME/logq/config (~/.config/logq/config), else /etc/logq/logq.conf:",
            "'key = value' lines setting nodes, token, output, utc or color; '#' starts a",
            "comment. An option given wins over LOGQ_NODES and LOGQ_TOKEN, which win over",
            "the file.",
            "",
            "Exit status:",
            "  0  something matched (with -c: the count is not 0)",
            "  1  nothing matched",
            "  2  bad usage, or no node answered in full. A node that fails while others",
            "     answer is a warning on stderr (results may be incomplete), not an error,",
            "     unless --strict."};

    /**
     * What {@code logq} gets from its process, injectable for tests.
     *
     * @param clock "now" for --since/--until, and the local zone
     * @param variables the environment (LOGQ_NODES, LOGQ_TOKEN, XDG_CONFIG_HOME, HOME)
     * @param systemConfig the system-wide config file, read when no user file exists
     * @param stdoutIsTerminal whether to flush each line (else output is block-buffered)
     */
    record Env(Clock clock, Map<String, String> variables, Path systemConfig,
                      OutputStream stdout, OutputStream stderr, boolean stdoutIsTerminal) {

        Env {
            variables = Map.copyOf(variables);
        }

        /** The real process: system clock and zone, environment, stdout and stderr. */
        static Env system() {
            var console = System.console();
            return new Env(Clock.systemDefaultZone(), System.getenv(), Path.of("/etc/logq/logq.conf"),
                    new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err),
                    console != null && console.isTerminal());
        }
    }

    private CommandSpec spec;
    LogqOptions.Time time;
    LogqOptions.Select select;
    LogqOptions.Match match;
    LogqOptions.Output output;
    LogqOptions.Nodes nodes;
    String pattern;
    private int before;
    private int after;

    private final Env env;

    Logq(Env env) {
        this.env = env;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // answered before building the command line, which is most of a start's work
            System.out.println(LogqOptions.Version.line());
            System.exit(0);
        }
        System.exit(commandLine(new Logq(Env.system()), args).execute(args));
    }

    /** A command line for {@code logq} writing help and errors to its {@link Env}'s streams, with every subcommand. */
    static CommandLine commandLine(Logq logq) {
        return commandLine(logq, name -> true);
    }

    /**
     * The command line to run these arguments: picocli only runs a subcommand that one of them names, so
     * only those are built (a few milliseconds of every start each), unless help is asked for, which lists
     * them all. Building one more than needed is harmless: a clustered {@code -ch} or an attached value
     * such as {@code -Hhost1} counts as asking for help.
     */
    static CommandLine commandLine(Logq logq, String[] args) {
        List<String> given = List.of(args);
        boolean help = given.stream().anyMatch(a -> a.equals("--help") || !a.startsWith("--") && a.startsWith("-") && a.indexOf('h') > 0);
        return commandLine(logq, name -> help || given.contains(name));
    }

    private static CommandLine commandLine(Logq logq, Predicate<String> wanted) {
        CommandLine cmd = new CommandLine(logq.spec());
        Map<String, Supplier<CommandSpec>> subcommands = new LinkedHashMap<>();  // in the order help lists them
        subcommands.put("nodes", () -> new NodesCommand(logq.env, logq).spec());
        subcommands.put("fields", () -> new FieldsCommand(logq.env, logq).spec());
        subcommands.put("stats", () -> new StatsCommand(logq.env, logq).spec());
        subcommands.put("top", () -> new TopCommand(logq.env, logq).spec());
        subcommands.put("export", () -> new ExportCommand(logq.env).spec());
        subcommands.put("import", () -> new ImportCommand(logq.env, logq).spec());
        subcommands.put("alerts", () -> new AlertsCommand(logq.env, logq).spec());
        // subcommands before the settings below, which reach the subcommands added so far
        subcommands.forEach((name, spec) -> {
            if (wanted.test(name)) {
                cmd.addSubcommand(name, new CommandLine(spec.get()));
            }
        });
        cmd.setOut(new PrintWriter(new OutputStreamWriter(logq.env.stdout(), StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(logq.env.stderr(), StandardCharsets.UTF_8), true));
        cmd.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("logq: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try 'logq --help' for more information.");
            return FanOut.ERROR;
        });
        return cmd;
    }

    /** The command line's model, built without picocli's annotations (see {@link LogqOptions}). */
    private CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("logq").versionProvider(new LogqOptions.Version())
                .exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").customSynopsis(SYNOPSIS)
                .description(DESCRIPTION).footerHeading("%nExamples:%n").footer(FOOTER);
        spec.addArgGroup(LogqOptions.Time.spec());
        spec.addArgGroup(LogqOptions.Select.spec());
        spec.addArgGroup(LogqOptions.Match.spec());
        spec.addArgGroup(LogqOptions.Output.spec());
        spec.addArgGroup(LogqOptions.Nodes.spec(5));
        spec.addArgGroup(LogqOptions.help(6));
        spec.addPositional(PositionalParamSpec.builder().arity("0..1").paramLabel("PATTERN").type(String.class)
                .description("What to search for, as grep (basic regular expression unless -E or -F). Without it, every event matches.")
                .build());
        return spec;
    }

    /** The options as given on the command line, once it is parsed. */
    LogqOptions.Nodes nodes() {
        return LogqOptions.Nodes.of(spec);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        time = LogqOptions.Time.of(spec);
        select = LogqOptions.Select.of(spec);
        match = LogqOptions.Match.of(spec);
        output = LogqOptions.Output.of(spec);
        nodes = nodes();
        pattern = spec.positionalParameters().getFirst().getValue();
        SearchRequest request = request();
        OutputFormat format = output.format == null ? null : parse("-o", output.format, OutputFormat::parse);
        Duration timeout = parse("--timeout", nodes.timeout, NodeAccess::timeout);
        try {
            NodeAccess access = NodeAccess.open(nodes, env, timeout);
            CliConfig config = access.config;
            if (format == null) {
                format = config.output() != null ? config.output() : OutputFormat.SHORT;
            }
            boolean utc = output.utc != null ? output.utc : Boolean.TRUE.equals(config.utc());
            ZoneId zone = utc ? ZoneOffset.UTC : env.clock().getZone();
            Printer printer = new Printer(env.stdout(), env.stdoutIsTerminal());
            String when = output.color != null ? output.color : config.color();
            boolean colour = parse("--color", when, w -> Colors.on(w, env.stdoutIsTerminal(), env.variables())) && Colors.colours(format);
            Function<EventLine, String> coloured = colour ? Colors.formatter(format, zone) : null;
            if (colour && request.pattern() != null && !request.invert()) {
                request = request.withMarks();
            }
            if (output.follow) {
                // Ctrl-C is how a follower ends: exit 0, as tail -f and journalctl -f do
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(FanOut.MATCH)));
                int backlog = output.limit != null ? (int) Math.min(output.limit, MAX_BACKLOG) : time.since != null ? 0 : DEFAULT_BACKLOG;
                return new Follow(access.client, access.targets, printer, err, coloured != null ? coloured : format.formatter(zone)).run(request, backlog);
            }
            Progress progress = "1".equals(env.variables().get(Progress.VARIABLE)) && !env.stdoutIsTerminal()
                    ? new Progress(err) : Progress.NONE;
            FanOut fanOut = new FanOut(access.client, access.targets, printer, err, output.strict, progress);
            if (before > 0 || after > 0) {
                int status = fanOut.context(request, format, zone, before, after);
                progress.done();
                return status;
            }
            if (output.countBy != null) {
                CountBy by = parse("--count-by", output.countBy,
                        text -> CountBy.parse(text, zone.getRules().getOffset(env.clock().instant()).getTotalSeconds()));
                if (format != OutputFormat.JSON && format != OutputFormat.SHORT) {
                    throw usage("--count-by prints a table (-o short) or JSON lines (-o json), not -o " + format.name().toLowerCase(Locale.ROOT));
                }
                CountTable table = new CountTable(by, zone, format == OutputFormat.JSON, env.stdoutIsTerminal(),
                        columns(env.variables().get("COLUMNS")), output.reverse);
                return fanOut.countBy(request, by, table);
            }
            if (output.count) {
                return fanOut.count(request, request.limit());
            }
            int status = fanOut.search(request, request.limit() > 0 && !output.reverse, format, zone, coloured);
            progress.done();
            return status;
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    /**
     * The options that do not go together, said before any node is asked; and the context sizes
     * ({@link #before}, {@link #after}) from -A, -B and -C.
     */
    private void checkCombinations() {
        boolean context = match.after != null || match.before != null || match.context != null;
        if (output.follow && (output.count || output.countBy != null || output.reverse || time.until != null || output.allCopies || context)) {
            throw usage("-f follows new events: it does not go with -c, --count-by, -r, --until, --all-copies or -A/-B/-C");
        }
        if (output.limit != null && output.limit > MAX_BACKLOG && output.follow) {
            throw usage("invalid value for -n: " + output.limit + " (with -f, at most " + MAX_BACKLOG + " to start with)");
        }
        if (output.countBy != null && (output.limit != null || output.count)) {
            throw usage((output.count ? "-c" : "-n") + " does not go with --count-by, which counts every match per group");
        }
        after = match.after != null ? contextSize("-A", match.after) : contextSize("-C", match.context);
        before = match.before != null ? contextSize("-B", match.before) : contextSize("-C", match.context);
        if ((before > 0 || after > 0) && (output.count || output.countBy != null || output.limit != null || output.reverse)) {
            throw usage("-A, -B and -C do not go with -c, --count-by, -n or -r");
        }
    }

    /** A context size as grep takes it: 0 or more, at most what a node gives. */
    private int contextSize(String option, Integer n) {
        if (n == null) {
            return 0;
        }
        if (n < 0 || n > MAX_CONTEXT) {
            throw usage("invalid value for " + option + ": " + n + " (give 0.." + MAX_CONTEXT + " events)");
        }
        return n;
    }

    /** The terminal's width as the shell exports it, else 80. */
    private static int columns(String columns) {
        try {
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** The query, from the matching, selecting and time options; usage errors are thrown from here. */
    private SearchRequest request() {
        String text = pattern;
        if (!match.patterns.isEmpty()) {
            if (pattern != null) {
                throw usage("unexpected argument '" + pattern + "': the pattern was given with -e (logq reads no files)");
            }
            text = String.join("\n", match.patterns);  // several patterns, as grep -e a -e b: a line matching any
        }
        int modes = (match.basic ? 1 : 0) + (match.extended ? 1 : 0) + (match.fixed ? 1 : 0);
        if (modes > 1) {
            throw usage("conflicting matchers: give only one of -G, -E, -F");
        }
        Mode mode = match.extended ? Mode.EXTENDED : match.fixed ? Mode.FIXED : Mode.BASIC;
        Selection selected = Selection.of(spec, time, select, env.clock());
        long limit = output.limit == null ? 0 : output.limit;
        checkCombinations();
        if (output.limit != null && limit < 1) {
            throw usage("invalid value for -n: " + limit + " (give 1 or more; without -n every match is printed)");
        }
        return new SearchRequest(text, mode, match.ignoreCase, match.invert, match.words, match.lines, selected.since(),
                selected.until(), select.hosts, select.apps, selected.severity(), limit, FanOut.order(limit, output.reverse), output.allCopies, select.fields, false);
    }

    private <T> T parse(String option, String value, Function<String, T> parser) {
        return Selection.parse(spec, option, value, parser);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
