package dev.logq.cli;

import dev.logq.store.model.ShortLine;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --color}: the message of each line in its severity's colour, as journalctl colours them
 * (emerg to crit bold red, err red, warning yellow, notice bold, debug grey), and what the pattern
 * matched in grep's colour (bold red, {@code GREP_COLORS}' default {@code ms=01;31}), where the node
 * marked the matches ({@code marks=true}: logq has no matcher of its own). Only the {@code short} and
 * {@code raw} formats are coloured; {@code json} is data and never is. A short line's message is
 * escaped piece by piece, so the marks stay where they were in the message as received.
 *
 * <p>{@code auto}, the default, colours when stdout is a terminal, {@code TERM} is not {@code dumb}
 * and {@code NO_COLOR} is unset or empty (no-color.org).
 */
final class Colors {

    private static final String RESET = "\033[m";
    private static final String MATCH = "\033[01;31m";

    private Colors() {}

    /**
     * Whether to colour.
     *
     * @param when {@code auto}, {@code always} or {@code never} (null: auto)
     * @throws IllegalArgumentException for another value
     */
    static boolean on(String when, boolean stdoutIsTerminal, Map<String, String> variables) {
        boolean on = switch (when == null ? "auto" : when.toLowerCase(Locale.ROOT)) {
            case "always", "yes", "force" -> true;
            case "never", "no", "none" -> false;
            case "auto", "tty", "if-tty" -> stdoutIsTerminal && !"dumb".equals(variables.get("TERM"))
                    && (variables.get("NO_COLOR") == null || variables.get("NO_COLOR").isEmpty());
            default -> throw new IllegalArgumentException("'" + when + "' (give auto, always or never)");
        };
        return on;
    }

    /** Whether this format is coloured: the others print as without colour. */
    static boolean colours(OutputFormat format) {
        return format != OutputFormat.JSON;
    }

    /** The lines of {@code format} in colour ({@link #colours} formats), else as the format prints them. */
    static Function<EventLine, String> formatter(OutputFormat format, ZoneId zone) {
        return switch (format) {
            case JSON -> format.formatter(zone);
            case RAW -> e -> colour(new StringBuilder(e.msg().length() + 16), e, false).toString();
            case SHORT -> {
                ShortLine line = new ShortLine(zone);
                yield e -> colour(line.head(e.ts(), e.host(), e.app(), e.procid(), 96 + e.msg().length()), e, true).toString();
            }
        };
    }

    private static StringBuilder colour(StringBuilder out, EventLine e, boolean escaped) {
        String msg = e.msg();
        String base = severityColour(e.severity());
        int[] marks = e.marks() == null ? new int[0] : e.marks();
        if (base != null) {
            out.append(base);
        }
        int at = 0;
        for (int i = 0; i + 1 < marks.length; i += 2) {
            int from = marks[i];
            int to = marks[i + 1];
            if (from < at || to < from || to > msg.length()) {
                break;  // not marks of this message: colour no further
            }
            text(out, msg.substring(at, from), escaped).append(MATCH);
            text(out, msg.substring(from, to), escaped).append(RESET);
            if (base != null) {
                out.append(base);
            }
            at = to;
        }
        text(out, msg.substring(at), escaped);
        return base != null ? out.append(RESET) : out;
    }

    private static StringBuilder text(StringBuilder out, String text, boolean escaped) {
        return out.append(escaped ? ShortLine.escape(text) : text);
    }

    /** journalctl's colour for a severity name, or null for none (info, or unknown). */
    static String severityColour(String severity) {
        if (severity == null) {
            return null;
        }
        return switch (severity) {
            case "emerg", "alert", "crit" -> "\033[1;31m";
            case "err" -> "\033[31m";
            case "warning" -> "\033[33m";
            case "notice" -> "\033[1m";
            case "debug" -> "\033[90m";
            default -> null;
        };
    }
}
