package dev.logq.cli;

import dev.logq.store.model.ShortLine;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Function;

/**
 * How one event is printed ({@code -o}).
 *
 * <pre>
 * short = see {@link ShortLine}: TIMESTAMP SP HOST SP APP ["[" PID "]"] ":" SP MSG, local time (UTC with --utc)
 * json  = the node's JSON object, byte for byte
 * raw   = MSG
 * </pre>
 *
 * {@code short} is for reading in a terminal and escapes control characters; {@code raw} and
 * {@code json} are for programs and stay exact. journalctl's names are taken too: {@code short-iso}
 * is {@code short} (whose time is ISO 8601 already), {@code cat} is {@code raw}. A node can write each of them itself
 * ({@code format=} on the API), which is how logq prints what one node answers without reading it.
 */
enum OutputFormat {
    SHORT, JSON, RAW;

    /** @throws IllegalArgumentException listing the formats */
    static OutputFormat parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "short", "short-iso" -> SHORT;
            case "json" -> JSON;
            case "raw", "cat" -> RAW;
            default -> throw new IllegalArgumentException("unknown output format '" + text + "' (use short, json or raw;"
                    + " journalctl's short-iso and cat are short and raw)");
        };
    }

    /** The API's name for it ({@code format=}). */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Formats events one after the other, each line without its line end; {@code zone} is used by
     * {@code short} only. Not thread-safe.
     */
    Function<EventLine, String> formatter(ZoneId zone) {
        return switch (this) {
            case JSON -> EventLine::json;
            case RAW -> EventLine::msg;
            case SHORT -> {
                ShortLine line = new ShortLine(zone);
                yield e -> line.format(e.ts(), e.host(), e.app(), e.procid(), e.msg());
            }
        };
    }
}
