package dev.logq.collector;

import dev.logq.perfmon.Perfmon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the man pages of logqd, from its command line's own model (so they cannot drift from
 * {@code --help}), and of logq-perfmon, from its help text. Run by the build into the distribution:
 * {@code java dev.logq.collector.ManPages DIST} writes {@code DIST/share/man/man1/logqd.1} and
 * {@code logq-perfmon.1}. (logq's own page comes from the CLI's {@code Docs}.)
 */
final class ManPages {

    private ManPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java dev.logq.collector.ManPages DIST_DIR");
            System.exit(2);
        }
        Path man = Path.of(args[0], "share/man/man1");
        Files.createDirectories(man);
        Files.writeString(man.resolve("logqd.1"), logqd(new CommandLine(new Logqd()).getCommandSpec()), StandardCharsets.UTF_8);
        Files.writeString(man.resolve("logq-perfmon.1"), perfmon(), StandardCharsets.UTF_8);
    }

    static String logqd(CommandSpec spec) {
        StringBuilder roff = new StringBuilder();
        roff.append(".TH LOGQD 1 \"\" \"logqd ").append(escape(Logqd.version())).append("\" \"User Commands\"\n");
        roff.append(".SH NAME\nlogqd \\- the logq log server: receives syslog, keeps, indexes and replicates events, answers queries\n");
        roff.append(".SH SYNOPSIS\n.nf\nlogqd [OPTIONS]\nlogqd reindex [\\-\\-since TIME] [OPTIONS]\n.fi\n.SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            roff.append(line.isEmpty() ? ".PP" : escape(line)).append('\n');
        }
        roff.append(".SH OPTIONS\n");
        for (OptionSpec option : spec.options()) {
            roff.append(".TP\n");
            List<String> names = List.of(option.names());
            for (int i = 0; i < names.size(); i++) {
                roff.append(i > 0 ? ", " : "").append("\\fB").append(escape(names.get(i))).append("\\fR");
            }
            if (option.arity().max() > 0) {
                roff.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            String text = String.join(" ", option.description());
            String defaultValue = option.defaultValue();
            roff.append('\n').append(escape(text.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue))).append('\n');
        }
        roff.append(".SH \"LOGQD REINDEX\"\n.nf\n").append(escapeLines(Reindex.USAGE)).append(".fi\n");
        roff.append(".SH ENVIRONMENT\n");
        roff.append(".TP\n\\fBLOGQD_MEMORY\\fR\nThe memory the JVM keeps to (default 256m, at least 192m): half of it heap, at most a quarter "
                + "direct buffers, an eighth compiled code.\n");
        roff.append(".TP\n\\fBLOGQD_JAVA_OPTS\\fR\nMore JVM options, after those.\n");
        roff.append(".TP\n\\fBNOTIFY_SOCKET\\fR\nSet by systemd for Type=notify: logqd sends READY=1 once listening and STOPPING=1 "
                + "when it begins to stop.\n");
        roff.append(".SH FILES\n.TP\n/etc/logq/logqd.conf\nThe config file of the packaged unit: key = value lines, keys the long option names.\n");
        roff.append(".TP\n/etc/logq/logqd.env\nThe unit's environment (LOGQD_MEMORY).\n");
        roff.append(".TP\n/var/lib/logq\nThe data directory: journal/, index/, and small state files.\n");
        roff.append(".SH EXAMPLES\n.nf\n");
        for (String line : spec.usageMessage().footer()) {
            roff.append(escape(line)).append('\n');
        }
        roff.append(".fi\n.SH \"SEE ALSO\"\n.BR logq (1),\n.BR logq-perfmon (1),\n.BR rsyslogd (8),\n.BR systemctl (1)\n");
        return roff.toString();
    }

    static String perfmon() {
        return ".TH LOGQ-PERFMON 1 \"\" \"logq-perfmon " + escape(Logqd.version()) + "\" \"User Commands\"\n"
                + ".SH NAME\nlogq-perfmon \\- host statistics as jsonperfmon-compatible JSON, to stdout, syslog or a logq server\n"
                + ".SH SYNOPSIS\n.nf\n" + escapeLines(Perfmon.usage()) + ".fi\n"
                + ".SH \"SEE ALSO\"\n.BR logq (1),\n.BR logqd (1)\n";
    }

    private static String escapeLines(String text) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(escape(line)).append('\n'));
        return out.toString();
    }

    /** Text for roff: backslashes and hyphens escaped, and a line never starting with a control character. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
