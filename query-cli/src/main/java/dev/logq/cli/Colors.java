package dev.logq.cli;

import dev.logq.store.internal.grep.GrepMatcher;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.ShortLine;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --color}: the message of each line in its severity's colour, as journalctl colours them
 * (emerg to crit bold red, err red, warning yellow, notice bold, debug grey), and what the pattern
 * matched in grep's colour (bold red, {@code GREP_COLORS}' default {@code ms=01;31}). Only the
 * {@code short} and {@code raw} formats are coloured; {@code json} is data and never is.
 *
 * <p>{@code auto}, the default, colours when stdout is a terminal, {@code TERM} is not {@code dumb}
 * and {@code NO_COLOR} is unset or empty (no-color.org).
 */
final class Colors {

    private static final String RESET = "\033[m";
    private static final String MATCH = "\033[01;31m";

    private final GrepMatcher matcher;

    /** @param matcher what to mark in each message, or null for nothing (no pattern, or -v) */
    private Colors(GrepMatcher matcher) {
        this.matcher = matcher;
    }

    /**
     * The colours for this request, or null for none.
     *
     * @param when {@code auto}, {@code always} or {@code never} (null: auto)
     * @throws IllegalArgumentException for another value
     */
    static Colors choose(String when, boolean stdoutIsTerminal, Map<String, String> variables, SearchRequest request) {
        boolean on = switch (when == null ? "auto" : when.toLowerCase(Locale.ROOT)) {
            case "always", "yes", "force" -> true;
            case "never", "no", "none" -> false;
            case "auto", "tty", "if-tty" -> stdoutIsTerminal && !"dumb".equals(variables.get("TERM"))
                    && (variables.get("NO_COLOR") == null || variables.get("NO_COLOR").isEmpty());
            default -> throw new IllegalArgumentException("'" + when + "' (give auto, always or never)");
        };
        if (!on) {
            return null;
        }
        boolean marks = request.pattern() != null && !request.invert();
        return new Colors(marks ? GrepMatcher.compile(request.pattern(), mode(request.mode()), request.ignoreCase(), request.words(),
                request.lines()) : null);
    }

    private static PatternMode mode(SearchRequest.Mode mode) {
        return switch (mode) {
            case BASIC -> PatternMode.BASIC;
            case EXTENDED -> PatternMode.EXTENDED;
            case FIXED -> PatternMode.FIXED;
        };
    }

    /** Whether this format is coloured: the others print as without colour. */
    static boolean colours(OutputFormat format) {
        return format != OutputFormat.JSON;
    }

    /** The lines of {@code format} in colour ({@link #colours} formats), else as the format prints them. */
    Function<EventLine, String> formatter(OutputFormat format, ZoneId zone) {
        return switch (format) {
            case JSON -> format.formatter(zone);
            case RAW -> e -> colour(new StringBuilder(e.msg().length() + 16), e.msg(), e.severity()).toString();
            case SHORT -> {
                ShortLine line = new ShortLine(zone);
                yield e -> {
                    StringBuilder text = line.head(e.ts(), e.host(), e.app(), e.procid(), 96 + e.msg().length());
                    return colour(text, ShortLine.escape(e.msg()), e.severity()).toString();
                };
            }
        };
    }

    private StringBuilder colour(StringBuilder out, String msg, String severity) {
        String base = severityColour(severity);
        int[] spans = matcher == null ? new int[0] : matcher.spans(msg);
        if (base == null && spans.length == 0) {
            return out.append(msg);
        }
        if (base != null) {
            out.append(base);
        }
        int at = 0;
        for (int i = 0; i < spans.length; i += 2) {
            out.append(msg, at, spans[i]).append(MATCH).append(msg, spans[i], spans[i + 1]).append(RESET);
            if (base != null) {
                out.append(base);
            }
            at = spans[i + 1];
        }
        out.append(msg, at, msg.length());
        return base != null ? out.append(RESET) : out;
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
