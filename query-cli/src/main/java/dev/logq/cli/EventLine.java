package dev.logq.cli;

import java.util.List;
import java.util.ArrayList;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One event as a node sent it: the line itself (printed unchanged by {@code -o json}) and the few
 * fields the merge and the short output need.
 *
 * <p>Read with jackson-core's streaming parser: no data binding, nested {@code sd} and {@code fields}
 * objects are skipped, unknown fields are ignored (a newer node may send more).
 *
 * @param ts event time, the merge key
 * @param origin node that first received the event, or null
 * @param seq sequence number at the origin, or -1
 * @param json the line as received, without its line end
 * @param pos where the event is in the sending node's journal ({@code /api/v1/tail}), or -1
 * @param severity the severity's name ({@code err}), or null
 * @param marks where the pattern matched in {@code msg} (start, end, ...), if the node was asked for them; else null
 */
record EventLine(Instant ts, String host, String app, String procid, String msg, String origin, long seq, String json, long pos,
                 String severity, int[] marks) {

    static final long NO_SEQ = -1;
    private static final JsonFactory JSON = new JsonFactory();

    /** Whether the event carries an identity that replicated copies share. */
    boolean hasIdentity() {
        return origin != null && seq != NO_SEQ;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    static EventLine parse(String line) {
        Instant ts = null;
        String host = null, app = null, procid = null, msg = null, origin = null, severity = null;
        int[] marks = null;
        long seq = NO_SEQ;
        long pos = -1;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "ts" -> ts = instant(p.getText());
                    case "host" -> host = p.getText();
                    case "app" -> app = p.getText();
                    case "procid" -> procid = p.getText();
                    case "msg" -> msg = p.getText();
                    case "severity" -> severity = p.getText();
                    case "marks" -> marks = marks(p);
                    case "origin" -> origin = p.getText();
                    case "seq" -> seq = p.getLongValue();
                    case "pos" -> pos = p.getLongValue();
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one complete JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("bad ts: " + e.getMessage());
        }
        if (ts == null) {
            throw new IllegalArgumentException("no ts");
        }
        return new EventLine(ts, host, app, procid, msg == null ? "" : msg, origin, seq, line, pos, severity, marks);
    }

    /** Reads {@code [START,END,...]}: pairs of offsets into msg, each within it. */
    private static int[] marks(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("marks are not an array");
        }
        List<Integer> marks = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            marks.add(p.getIntValue());
        }
        if (p.currentToken() != JsonToken.END_ARRAY || marks.size() % 2 != 0) {
            throw new IllegalArgumentException("marks are not pairs of offsets");
        }
        return marks.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Reads {@code ts}. Nodes write UTC as {@code yyyy-mm-ddThh:mm:ss[.f{1,9}]Z}; that form is read
     * by hand, several times faster than {@link Instant#parse}, which is kept for any other form.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return Instant.parse(text);
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return Instant.parse(text);
            }
            nanos = digits(text, 20, n - 1);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(text, 0, 4), month = digits(text, 5, 7), day = digits(text, 8, 10);
        int hour = digits(text, 11, 13), minute = digits(text, 14, 16), second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || second == 60 || nanos < 0) {
            return Instant.parse(text);
        }
        long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if it holds anything but digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
