package dev.logq.collector.internal.http;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logq.store.MatchMarks;
import dev.logq.store.model.Event;
import dev.logq.store.model.EventJson;
import dev.logq.store.model.ShortLine;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How a search answer writes its events, one line each ({@code format=} on {@code /api/v1/search}):
 *
 * <pre>
 * json   the event's JSON object (application/x-ndjson), the default
 * raw    the message text alone, as logq -o raw prints it (text/plain)
 * short  logq's short line ({@link ShortLine}) in the zone tz= names (default UTC) (text/plain)
 * </pre>
 *
 * With {@code marks=true}, each JSON event carries {@code "marks":[START,END,...]}, where the pattern
 * matched in its message ({@link MatchMarks}), for a client that colours them.
 *
 * raw and short are what logq prints, so that logq, asking one node, copies the answer to its output
 * without reading it. A raw message may hold line ends of its own, as grep's output would.
 */
record ResultFormat(Kind kind, ZoneId zone, MatchMarks marks) {

    enum Kind { JSON, RAW, SHORT }

    static final ResultFormat JSON = new ResultFormat(Kind.JSON, ZoneOffset.UTC, null);

    /** @throws IllegalArgumentException naming the parameter and what it accepts */
    static ResultFormat parse(String format, String tz) {
        Kind kind = format == null ? Kind.JSON : switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> Kind.JSON;
            case "raw" -> Kind.RAW;
            case "short" -> Kind.SHORT;
            default -> throw new IllegalArgumentException("parameter 'format=" + format + "' must be json, raw or short");
        };
        if (tz == null) {
            return new ResultFormat(kind, ZoneOffset.UTC, null);
        }
        if (kind != Kind.SHORT) {
            throw new IllegalArgumentException("parameter 'tz' applies to format=short only");
        }
        try {
            return new ResultFormat(kind, ZoneId.of(tz), null);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("parameter 'tz=" + tz + "' is not a time zone such as Europe/Berlin or +01:00");
        }
    }

    /** The JSON lines with the query's marks ({@code marks=true}); JSON only. */
    ResultFormat withMarks(MatchMarks marks) {
        if (kind != Kind.JSON) {
            throw new IllegalArgumentException("parameter 'marks' applies to format=json only");
        }
        return new ResultFormat(kind, zone, marks);
    }

    String contentType() {
        return kind == Kind.JSON ? "application/x-ndjson; charset=utf-8" : "text/plain; charset=utf-8";
    }

    /** Writes one event's line after another into the buffer it is given; not thread-safe. */
    interface Encoder {
        void write(Event event, ByteBuf out) throws IOException;
    }

    Encoder encoder() {
        return switch (kind) {
            case RAW -> (e, out) -> writeLine(e.msg(), out);
            case SHORT -> {
                ShortLine line = new ShortLine(zone);
                yield (e, out) -> writeLine(line.format(e), out);
            }
            case JSON -> new JsonLines(marks);
        };
    }

    /**
     * The line in UTF-8 and a newline. {@code String.getBytes} encodes with the JDK's intrinsics (an
     * ASCII line is one array copy); Netty's writeUtf8 goes char by char, and was a quarter of logqd's
     * time streaming 749k raw lines.
     */
    private static void writeLine(String line, ByteBuf out) {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        out.writeByte('\n');
    }

    /** JSON lines through one generator, whichever buffer each line goes to. */
    static final class JsonLines extends OutputStream implements Encoder {
        // no root-value separator: Jackson would put a space before every line after the first
        private static final JsonFactory FACTORY = new JsonFactory().setRootValueSeparator(null);
        private final MatchMarks marks;
        private ByteBuf target;
        private JsonGenerator generator;

        /** @param marks where the query matched, written with each event ({@code "marks"}); null for none */
        JsonLines(MatchMarks marks) {
            this.marks = marks;
        }

        @Override
        public void write(Event event, ByteBuf out) throws IOException {
            write(event, -1, out);
        }

        /** The event's line with its journal position ({@code "pos"}; none if negative). */
        void write(Event event, long position, ByteBuf out) throws IOException {
            target = out;
            if (generator == null) {
                generator = FACTORY.createGenerator(this);
            }
            EventJson.write(generator, event, position, marks == null ? null : marks.in(event.msg()));
            generator.writeRaw('\n');
            generator.flush();
        }

        @Override
        public void write(int b) {
            target.writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.writeBytes(b, off, len);
        }
    }
}
