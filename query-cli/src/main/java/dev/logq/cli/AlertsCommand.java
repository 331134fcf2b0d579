package dev.logq.cli;

import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.store.model.Units;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code logq alerts}: the nodes' alert rules with their state; {@code logq alerts test RULE} shows what a
 * rule would send over the last hour; {@code logq alerts silence RULE SPAN} holds its notifications back on
 * every node.
 */
final class AlertsCommand implements Callable<Integer> {

    private static final String[] DESCRIPTION = {
            "List the alert rules with their state, test one, or silence one.",
            "",
            "  logq alerts                  each rule: ok, firing (for which hosts) or",
            "                               silenced; who sends it, when it last sent,",
            "                               and its last error",
            "  logq alerts test RULE        what RULE would have sent over the last",
            "                               hour of events; nothing is sent",
            "  logq alerts silence RULE 2h  no messages from RULE for 2h, on every",
            "                               node (0 lifts the silence)",
            "",
            "Rules are the *.conf files of logqd's --alerts directory (packaged:",
            "/etc/logq/alerts.d); systemctl reload logqd reads them again. Every",
            "node evaluates every rule; the rule's owner (OWNER) sends."};

    private static final String[] FOOTER = {
            "  0  done; every rule read",
            "  1  a node did not answer, or refused some rules (listed), or has no such rule",
            "  2  bad usage"};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    AlertsCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("alerts").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExit status:%n").footer(FOOTER);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("ACTION").arity("0..1").index("0").type(String.class)
                .description("list (default), test or silence.").build());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("RULE").arity("0..1").index("1").type(String.class)
                .description("The rule to test or silence.").build());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("SPAN").arity("0..1").index("2").type(String.class)
                .description("How long a silence lasts: 30m, 2h, 1d; 0 lifts it.").build());
        spec.addArgGroup(LogqOptions.Nodes.spec(1));
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(String.class).order(2)
                .description("short: a table (default); json: each node's answer as JSON lines.").build());
        spec.addOption(LogqOptions.helpOption(3));
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        List<?> args = spec.positionalParameters().stream().map(p -> p.getValue()).filter(v -> v != null).toList();
        String action = args.isEmpty() ? "list" : args.getFirst().toString();
        String rule = args.size() > 1 ? args.get(1).toString() : null;
        String span = args.size() > 2 ? args.get(2).toString() : null;
        String format = spec.findOption("-o").getValue();
        boolean json = format != null && Selection.parse(spec, "-o", format, NodesCommand::json);
        switch (action) {
            case "list" -> usage(rule == null, "logq alerts takes no RULE (did you mean logq alerts test RULE?)");
            case "test" -> usage(rule != null && span == null, "give the rule: logq alerts test RULE");
            case "silence" -> {
                usage(rule != null && span != null, "give the rule and how long: logq alerts silence RULE 2h (0 lifts it)");
                Selection.parse(spec, "SPAN", span, s -> s.equals("0") ? Duration.ZERO : Units.duration(s));
            }
            default -> usage(false, "'" + action + "' is not list, test or silence");
        }
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        Duration timeout = Selection.parse(spec, "--timeout", given.timeout, NodeAccess::timeout);
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            Printer out = new Printer(env.stdout(), env.stdoutIsTerminal());
            try {
                int status = switch (action) {
                    case "test" -> test(access, rule, json, out, err);
                    case "silence" -> silence(access, rule, span, json, out, err);
                    default -> list(access, json, out, err);
                };
                out.flush();
                return status;
            } catch (Printer.Closed closed) {
                return 0;
            }
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    private void usage(boolean ok, String message) {
        if (!ok) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    private int list(NodeAccess access, boolean json, Printer out, PrintWriter err) throws InterruptedException, Printer.Closed {
        List<NodeFailure> failures = new ArrayList<>();
        List<String> answers = fanOut(access, out, err).ask(access.client::alerts, failures);
        failures.forEach(f -> err.println("logq: " + f.error(f.node().toString())));
        int status = failures.isEmpty() ? 0 : 1;
        // per rule, the row of the node that owns it (all nodes agree on the owner while they see each other)
        Map<String, Map<?, ?>> rows = new LinkedHashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        for (String body : answers) {
            if (json) {
                out.println(body.strip());
                continue;
            }
            Map<?, ?> node = (Map<?, ?>) JsonValue.read(body);
            for (Object r : (List<?>) node.get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) r;
                String name = JsonValue.text(rule, "name");
                boolean ownRow = JsonValue.text(rule, "owner").equals(JsonValue.text(node, "node"));
                if (!rows.containsKey(name) || ownRow) {
                    rows.put(name, rule);
                }
            }
            for (Object line : (List<?>) node.get("refused")) {
                refused.add(JsonValue.text(node, "node") + ": " + line);
            }
        }
        if (json) {
            return status;
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"RULE", "STATE", "OWNER", "LAST SENT", "SENT", "FAILED", "WHEN / LAST ERROR"});
        for (Map<?, ?> r : rows.values()) {
            String state = JsonValue.text(r, "state");
            List<?> firing = (List<?>) r.get("firing");
            if (firing != null && !firing.isEmpty() && !(firing.size() == 1 && firing.getFirst().toString().isEmpty())) {
                state += " (" + String.join(", ", firing.stream().map(Object::toString).toList()) + ")";
            }
            if (state.startsWith("silenced")) {
                state += " until " + JsonValue.text(r, "silenced_until");
            }
            String sent = JsonValue.text(r, "last_sent");
            String error = JsonValue.text(r, "last_error");
            table.add(new String[] {JsonValue.text(r, "name"), state, JsonValue.text(r, "owner"), sent.isEmpty() ? "never" : sent,
                    JsonValue.text(r, "sent"), JsonValue.text(r, "failed"), JsonValue.text(r, "rule") + (error.isEmpty() ? "" : "; " + error)});
        }
        if (rows.isEmpty()) {
            out.println("no alert rules (put them in logqd's --alerts directory, /etc/logq/alerts.d when packaged, and kill -HUP it)");
        } else {
            for (String line : NodesCommand.columns(table)) {
                out.println(line);
            }
        }
        for (String line : refused) {
            err.println("logq: refused on " + line);
            status = 1;
        }
        return status;
    }

    private int test(NodeAccess access, String rule, boolean json, Printer out, PrintWriter err) throws InterruptedException, Printer.Closed {
        // every node holds every node's events: the first that answers is enough
        String problems = null;
        for (URI node : access.targets) {
            String body;
            try {
                body = access.client.alertAction(node, "test", rule, null);
            } catch (NodeException e) {
                problems = e.failure().error(node.toString());
                continue;
            }
            List<String> lines = body.lines().filter(l -> !l.isBlank()).toList();
            for (String line : lines) {
                if (json) {
                    out.println(line);
                } else {
                    out.println(JsonValue.text((Map<?, ?>) JsonValue.read(line), "text"));
                }
            }
            if (!json) {
                err.println("logq: " + rule + " would have sent " + lines.size() + (lines.size() == 1 ? " message" : " messages")
                        + " over the last hour of " + node + "'s events (nothing was sent)");
            }
            return 0;
        }
        err.println("logq: " + problems);
        return 1;
    }

    private int silence(NodeAccess access, String rule, String span, boolean json, Printer out, PrintWriter err)
            throws InterruptedException, Printer.Closed {
        List<NodeFailure> failures = new ArrayList<>();
        List<String> answers = fanOut(access, out, err).ask(node -> access.client.alertAction(node, "silence", rule, span), failures);
        failures.forEach(f -> err.println("logq: " + f.error(f.node().toString())));
        for (String body : answers) {
            if (json) {
                out.println(body.strip());
            }
        }
        int asked = access.targets.size();
        if (!json && !answers.isEmpty()) {
            out.println((span.equals("0") ? "silence of " + rule + " lifted" : rule + " silenced for " + span) + " on " + answers.size()
                    + " of " + asked + (asked == 1 ? " node" : " nodes"));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static FanOut fanOut(NodeAccess access, Printer out, PrintWriter err) {
        return new FanOut(access.client, access.targets, out, err, false, Progress.NONE);
    }
}
