package dev.logq.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes logq's man page and its bash and zsh completion from the command line's own model, so they
 * cannot drift from {@code --help}. Run by the build into the distribution:
 * {@code java dev.logq.cli.Docs DIST} writes {@code DIST/share/man/man1/logq.1},
 * {@code DIST/share/bash-completion/completions/logq} and {@code DIST/share/zsh/site-functions/_logq}.
 */
public final class Docs {

    private Docs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java dev.logq.cli.Docs DIST_DIR");
            System.exit(2);
        }
        Path dist = Path.of(args[0]);
        CommandLine logq = Logq.commandLine(new Logq(Logq.Env.system()));
        write(dist.resolve("share/man/man1/logq.1"), man(logq));
        String bash = AutoComplete.bash("logq", logq);
        write(dist.resolve("share/bash-completion/completions/logq"), bash);
        // zsh runs bash completion functions through bashcompinit; this file is autoloaded as _logq
        write(dist.resolve("share/zsh/site-functions/_logq"), "#compdef logq\nautoload -U +X bashcompinit && bashcompinit\n" + bash);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The man page in roff (man(7)): name, synopsis, description, options by group, the subcommand, the footer. */
    static String man(CommandLine logq) {
        CommandSpec spec = logq.getCommandSpec();
        StringBuilder roff = new StringBuilder();
        roff.append(".TH LOGQ 1 \"\" \"").append(escape(LogqOptions.Version.line())).append("\" \"User Commands\"\n");
        roff.append(".SH NAME\nlogq \\- search the logs stored on logq nodes, like grep\n");
        roff.append(".SH SYNOPSIS\n.nf\n");
        for (String line : spec.usageMessage().customSynopsis()) {
            roff.append(escape(line.replaceFirst("^\\s*or:\\s*", ""))).append('\n');
        }
        roff.append(".fi\n.SH DESCRIPTION\n");
        paragraphs(roff, spec.usageMessage().description());
        roff.append(".SH OPTIONS\n");
        for (ArgGroupSpec group : spec.argGroups()) {
            roff.append(".SS ").append(escape(group.heading().replace("%n", "").replaceAll(":$", ""))).append('\n');
            for (OptionSpec option : group.options()) {
                option(roff, option);
            }
        }
        roff.append(".TP\n\\fIPATTERN\\fR\n").append(escape(String.join(" ", spec.positionalParameters().getFirst().description()))).append('\n');
        subcommand(roff, spec, "nodes", "the Nodes options above");
        subcommand(roff, spec, "fields", "the Time, Selecting events and Nodes options above");
        subcommand(roff, spec, "alerts", "the Nodes options above");
        roff.append(".SH EXAMPLES\n.nf\n");
        for (String line : spec.usageMessage().footer()) {
            roff.append(escape(line)).append('\n');
        }
        roff.append(".fi\n.SH \"SEE ALSO\"\n.BR logqd (1),\n.BR grep (1),\n.BR journalctl (1)\n");
        return roff.toString();
    }

    /** A section for a subcommand: its description, and its options but those of the groups it shares with logq. */
    private static void subcommand(StringBuilder roff, CommandSpec logq, String name, String shared) {
        CommandSpec sub = logq.subcommands().get(name).getCommandSpec();
        roff.append(".SH \"LOGQ ").append(name.toUpperCase(Locale.ROOT)).append("\"\n.nf\nlogq ").append(name)
                .append(" [OPTIONS]\n.fi\n");
        paragraphs(roff, sub.usageMessage().description());
        roff.append(".PP\nIt takes ").append(shared).append(", and:\n");
        for (OptionSpec option : sub.options()) {
            if (option.group() == null) {
                option(roff, option);
            }
        }
    }

    private static void option(StringBuilder roff, OptionSpec option) {
        roff.append(".TP\n");
        List<String> names = List.of(option.names());
        for (int i = 0; i < names.size(); i++) {
            roff.append(i > 0 ? ", " : "").append("\\fB").append(escape(names.get(i))).append("\\fR");
        }
        if (option.arity().max() > 0) {
            roff.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        roff.append('\n').append(escape(String.join(" ", option.description()))).append('\n');
    }

    private static void paragraphs(StringBuilder roff, String[] lines) {
        for (String line : lines) {
            roff.append(line.isEmpty() ? ".PP" : escape(line)).append('\n');
        }
    }

    /** Text for roff: backslashes and hyphens escaped, and a line never starting with a control character. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
