package dev.logq.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@link Logq}, in the groups {@code --help} shows them in. Values are kept as typed
 * and checked in one place, {@link Logq}, where the clock and the config file are at hand.
 */
final class LogqOptions {

    private LogqOptions() {}

    static final class Time {
        @Option(names = "--since", paramLabel = "TIME", description = "Events at or after TIME (see TIME below).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Events before TIME.")
        String until;
    }

    static final class Select {
        @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "Only events from HOST (repeat for several).")
        List<String> hosts = new ArrayList<>();

        @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "Only events of program APP (repeat for several).")
        List<String> apps = new ArrayList<>();

        @Option(names = {"-p", "--priority"}, paramLabel = "PRIO",
                description = "Only PRIO and more severe, or FROM..TO, like journalctl -p: emerg, alert, crit, err, warning, notice, info, debug or 0..7.")
        String priority;
    }

    static final class Match {
        @Option(names = {"-G", "--basic-regexp"}, description = "PATTERN is a basic regular expression (the default).")
        boolean basic;

        @Option(names = {"-E", "--extended-regexp"}, description = "PATTERN is an extended regular expression.")
        boolean extended;

        @Option(names = {"-F", "--fixed-strings"}, description = "PATTERN is a plain string.")
        boolean fixed;

        @Option(names = {"-i", "--ignore-case"}, description = "Ignore case.")
        boolean ignoreCase;

        @Option(names = {"-v", "--invert-match"}, description = "Select events that do not match.")
        boolean invert;

        @Option(names = {"-w", "--word-regexp"}, description = "Match whole words only.")
        boolean words;

        @Option(names = {"-x", "--line-regexp"}, description = "Match whole lines only (wins over -w).")
        boolean lines;

        @Option(names = {"-e", "--regexp"}, paramLabel = "PATTERN", parameterConsumer = NextArgument.class,
                description = "Use PATTERN even if it starts with '-'; repeat for several: a line matching any is selected.")
        List<String> patterns = new ArrayList<>();
    }

    static final class Output {
        @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Only the N newest matching events (still printed oldest first).")
        Long limit;

        @Option(names = {"-r", "--reverse"}, description = "Newest first.")
        boolean reverse;

        @Option(names = {"-c", "--count"}, description = "Print only the number of matching events (at most N with -n).")
        boolean count;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                description = "short: TIME HOST APP[PID]: MSG (default); json: the event as JSON, one per line; raw: the message only.")
        String format;

        @Option(names = "--utc", negatable = true, description = "Show times in UTC instead of the local zone.")
        Boolean utc;

        @Option(names = "--all-copies", description = "Show every stored copy of an event a client sent to several nodes "
                + "(by default each sending shows once).")
        boolean allCopies;
    }

    static final class Nodes {
        @Option(names = "--node", paramLabel = "URL", description = "A node to ask: http://HOST:PORT or HOST:PORT (repeat for several).")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--token", paramLabel = "TOKEN", description = "Send 'Authorization: Bearer TOKEN' (or set LOGQ_TOKEN).")
        String token;

        @Option(names = "--cacert", paramLabel = "FILE", description = "For https nodes: trust the CA certificates in FILE (PEM) instead of the system's.")
        Path cacert;

        @Option(names = "--cert", paramLabel = "FILE", description = "For https nodes that ask for one: this client certificate (PEM), with --key.")
        Path cert;

        @Option(names = "--key", paramLabel = "FILE", description = "The private key of --cert (PEM, unencrypted PKCS#8).")
        Path key;

        @Option(names = "--config", paramLabel = "FILE", description = "Read defaults from FILE.")
        Path config;

        @Option(names = "--timeout", paramLabel = "SPAN",
                description = "Give up connecting to a node after SPAN (default: " + DEFAULT_TIMEOUT + "). Answers are awaited as long as they take.")
        String timeout;

        static final String DEFAULT_TIMEOUT = "2s";

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

    static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
        boolean version;
    }

    /** Takes the next argument as one more pattern whatever it looks like, as grep's -e does ({@code -e --foo}). */
    static final class NextArgument implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "option '-e' needs a PATTERN");
            }
            List<String> patterns = argSpec.getValue();
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
