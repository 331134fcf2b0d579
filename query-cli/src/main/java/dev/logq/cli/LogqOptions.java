package dev.logq.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@link Logq}, in the groups {@code --help} shows them in, each group with the values
 * it read ({@code of}). Values are kept as typed and checked in one place, {@link Logq}, where the
 * clock and the config file are at hand.
 */
final class LogqOptions {

    private LogqOptions() {}

    static final class Time {
        String since;
        String until;

        static ArgGroupSpec spec() {
            return group("%nTime:%n", 1,
                    value("TIME", "Events at or after TIME (see TIME below).", "--since"),
                    value("TIME", "Events before TIME.", "--until"));
        }

        static Time of(CommandSpec spec) {
            Time t = new Time();
            t.since = spec.findOption("--since").getValue();
            t.until = spec.findOption("--until").getValue();
            return t;
        }
    }

    static final class Select {
        List<String> hosts;
        List<String> apps;
        String priority;
        List<String> fields;

        static ArgGroupSpec spec() {
            return group("%nSelecting events:%n", 2,
                    list("HOST", "Only events from HOST (repeat for several).", "-H", "--host"),
                    list("APP", "Only events of program APP (repeat for several).", "-a", "--app"),
                    value("PRIO", "Only PRIO and more severe, or FROM..TO, like journalctl -p: emerg, alert, crit, err, warning, notice, info, debug or 0..7.",
                            "-p", "--priority"),
                    list("COND", "Only events whose structured field (JSON field, or SD-ID.PARAM of RFC 5424 data) meets COND: "
                            + "NAME=VALUE, NAME!=VALUE, or NAME>N, NAME>=N, NAME<N, NAME<=N for numbers; repeat: all must hold. "
                            + "logq fields lists the names.", "--field"));
        }

        static Select of(CommandSpec spec) {
            Select s = new Select();
            s.hosts = listValue(spec, "--host");
            s.apps = listValue(spec, "--app");
            s.priority = spec.findOption("--priority").getValue();
            s.fields = listValue(spec, "--field");
            return s;
        }
    }

    static final class Match {
        boolean basic;
        boolean extended;
        boolean fixed;
        boolean ignoreCase;
        boolean invert;
        boolean words;
        boolean lines;
        List<String> patterns;
        Integer after;
        Integer before;
        Integer context;

        static ArgGroupSpec spec() {
            return group("%nMatching (as grep):%n", 3,
                    flag("PATTERN is a basic regular expression (the default).", "-G", "--basic-regexp"),
                    flag("PATTERN is an extended regular expression.", "-E", "--extended-regexp"),
                    flag("PATTERN is a plain string.", "-F", "--fixed-strings"),
                    flag("Ignore case.", "-i", "--ignore-case"),
                    flag("Select events that do not match.", "-v", "--invert-match"),
                    flag("Match whole words only.", "-w", "--word-regexp"),
                    flag("Match whole lines only (wins over -w).", "-x", "--line-regexp"),
                    OptionSpec.builder("-e", "--regexp").paramLabel("PATTERN").type(List.class).auxiliaryTypes(String.class)
                            .parameterConsumer(new NextArgument())
                            .description("Use PATTERN even if it starts with '-'; repeat for several: a line matching any is selected.")
                            .build(),
                    number("NUM", "Print NUM events after each match, from its host and app (its 'file'), as grep -A.", "-A", "--after-context"),
                    number("NUM", "Print NUM events before each match, from its host and app, as grep -B.", "-B", "--before-context"),
                    number("NUM", "Print NUM events before and after each match, as grep -C.", "-C", "--context"));
        }

        static Match of(CommandSpec spec) {
            Match m = new Match();
            m.basic = flagValue(spec, "-G");
            m.extended = flagValue(spec, "-E");
            m.fixed = flagValue(spec, "-F");
            m.ignoreCase = flagValue(spec, "-i");
            m.invert = flagValue(spec, "-v");
            m.words = flagValue(spec, "-w");
            m.lines = flagValue(spec, "-x");
            m.patterns = listValue(spec, "-e");
            m.after = spec.findOption("-A").getValue();
            m.before = spec.findOption("-B").getValue();
            m.context = spec.findOption("-C").getValue();
            return m;
        }
    }

    static final class Output {
        Long limit;
        boolean reverse;
        boolean follow;
        boolean count;
        String countBy;
        String format;
        Boolean utc;
        boolean allCopies;
        boolean strict;
        String color;

        static ArgGroupSpec spec() {
            return group("%nOutput:%n", 4,
                    OptionSpec.builder("-n", "--limit").paramLabel("N").type(Long.class)
                            .description("Only the N newest matching events (still printed oldest first).").build(),
                    flag("Newest first.", "-r", "--reverse"),
                    flag("Follow: print new matching events from every node as they come, after the last 10 (or -n N, "
                            + "or all since --since), like tail -f; Ctrl-C stops.", "-f", "--follow"),
                    flag("Print only the number of matching events (at most N with -n).", "-c", "--count"),
                    value("BY", "Count the matching events per host, app or severity, per value of a structured field (its NAME; "
                            + "events without it are left out), or per time bucket (5m, 1h, 1d...): a table, and for time a bar "
                            + "chart on a terminal.", "--count-by"),
                    value("FORMAT", "short: TIME HOST APP[PID]: MSG (default); json: the event as JSON, one per line; raw: the message only.",
                            "-o", "--output"),
                    OptionSpec.builder("--color", "--colour").paramLabel("WHEN").arity("0..1").fallbackValue("auto").type(String.class)
                            .description("Colour the match and the severity: auto (on a terminal, unless NO_COLOR is set), always "
                                    + "or never. Not -o json.").build(),
                    OptionSpec.builder("--utc").negatable(true).type(Boolean.class).arity("0")
                            .description("Show times in UTC instead of the local zone.").build(),
                    flag("Show every stored copy of an event a client sent to several nodes (by default each sending shows once).",
                            "--all-copies"),
                    flag("Exit 2 if any node did not answer in full, even when the others did (by default a warning).", "--strict"));
        }

        static Output of(CommandSpec spec) {
            Output o = new Output();
            o.limit = spec.findOption("-n").getValue();
            o.reverse = flagValue(spec, "-r");
            o.follow = flagValue(spec, "-f");
            o.count = flagValue(spec, "-c");
            o.countBy = spec.findOption("--count-by").getValue();
            o.format = spec.findOption("-o").getValue();
            o.utc = spec.findOption("--utc").getValue();
            o.allCopies = flagValue(spec, "--all-copies");
            o.strict = flagValue(spec, "--strict");
            o.color = spec.findOption("--color").getValue();
            return o;
        }
    }

    static final class Nodes {
        List<String> nodes = List.of();
        String token;
        Path cacert;
        Path cert;
        Path key;
        Path config;
        String timeout;

        static final String DEFAULT_TIMEOUT = "2s";

        static ArgGroupSpec spec(int order) {
            return group("%nNodes:%n", order,
                    list("URL", "A node to ask: http://HOST:PORT or HOST:PORT (repeat for several).", "--node"),
                    value("TOKEN", "Send 'Authorization: Bearer TOKEN' (or set LOGQ_TOKEN).", "--token"),
                    path("For https nodes: trust the CA certificates in FILE (PEM) instead of the system's.", "--cacert"),
                    path("For https nodes that ask for one: this client certificate (PEM), with --key.", "--cert"),
                    path("The private key of --cert (PEM, unencrypted PKCS#8).", "--key"),
                    path("Read defaults from FILE.", "--config"),
                    value("SPAN", "Give up connecting to a node after SPAN (default: " + DEFAULT_TIMEOUT
                            + "). Answers are awaited as long as they take.", "--timeout"));
        }

        static Nodes of(CommandSpec spec) {
            Nodes n = new Nodes();
            n.nodes = listValue(spec, "--node");
            n.token = spec.findOption("--token").getValue();
            n.cacert = spec.findOption("--cacert").getValue();
            n.cert = spec.findOption("--cert").getValue();
            n.key = spec.findOption("--key").getValue();
            n.config = spec.findOption("--config").getValue();
            n.timeout = spec.findOption("--timeout").getValue();
            return n;
        }

        /** Each option as given here, else as given to {@code outer} ({@code logq --node X nodes}). */
        Nodes or(Nodes outer) {
            Nodes n = new Nodes();
            n.nodes = nodes.isEmpty() ? outer.nodes : nodes;
            n.token = token != null ? token : outer.token;
            n.cacert = cacert != null ? cacert : outer.cacert;
            n.cert = cert != null ? cert : outer.cert;
            n.key = key != null ? key : outer.key;
            n.config = config != null ? config : outer.config;
            n.timeout = timeout != null ? timeout : outer.timeout;
            return n;
        }
    }

    static ArgGroupSpec help(int order) {
        return group("%nHelp:%n", order,
                OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build(),
                OptionSpec.builder("-V", "--version").versionHelp(true).description("Print the version and exit.").build());
    }

    /** The help option alone, for a subcommand. */
    static OptionSpec helpOption(int order) {
        return OptionSpec.builder("-h", "--help").usageHelp(true).order(order).description("Show this help and exit.").build();
    }

    // The command lines are built here as picocli's programmatic model: picocli's annotations cost about
    // 150 ms of every start (reflection, and a dynamic proxy class for each annotation type).

    static ArgGroupSpec group(String heading, int order, OptionSpec... options) {
        ArgGroupSpec.Builder b = ArgGroupSpec.builder().heading(heading).validate(false).exclusive(false).order(order);
        for (OptionSpec o : options) {
            b.addArg(o);
        }
        return b.build();
    }

    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).initialValue(false).description(description).build();
    }

    static OptionSpec value(String label, String description, String... names) {
        return OptionSpec.builder(names).paramLabel(label).type(String.class).description(description).build();
    }

    static OptionSpec number(String label, String description, String... names) {
        return OptionSpec.builder(names).paramLabel(label).type(Integer.class).description(description).build();
    }

    static OptionSpec path(String description, String name) {
        return OptionSpec.builder(name).paramLabel("FILE").type(Path.class).description(description).build();
    }

    static OptionSpec list(String label, String description, String... names) {
        return OptionSpec.builder(names).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build();
    }

    static boolean flagValue(CommandSpec spec, String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    static List<String> listValue(CommandSpec spec, String name) {
        List<String> v = spec.findOption(name).getValue();
        return v == null ? List.of() : v;
    }

    /** Takes the next argument as one more pattern whatever it looks like, as grep's -e does ({@code -e --foo}). */
    static final class NextArgument implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "option '-e' needs a PATTERN");
            }
            List<String> patterns = argSpec.getValue();
            if (patterns == null) {
                patterns = new ArrayList<>();
                argSpec.setValue(patterns);
            }
            patterns.add(args.pop());
        }
    }

    /** {@code logq VERSION}, the version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }

        static String line() {
            return "logq " + version();
        }

        static String version() {
            String version = Logq.class.getPackage().getImplementationVersion();
            return version != null ? version : "(development build)";
        }
    }
}
