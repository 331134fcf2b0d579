package dev.logq.store.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an {@link Event}: one object, fields named as in docs/design.md (the event model), nulls left out.
 *
 * <pre>{"ts":"2026-11-24T09:11:32.123Z","received":"...","host":"web1","app":"sshd","procid":"42",
 *  "msgid":"ID7","facility":"auth","severity":"info","msg":"...","sd":{"id@1":{"k":"v"}},
 *  "fields":{...},"origin":"node1","seq":17,"source":"tcp 127.0.0.1:40312"}</pre>
 *
 * {@code ts} and {@code received} are RFC 3339 in UTC with as many fraction digits as needed.
 */
public final class EventJson {

    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private EventJson() {}

    public static String toJson(Event e) {
        StringWriter out = new StringWriter(256 + e.msg().length());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Writes one event as a JSON object; the caller writes any separator. */
    public static void write(JsonGenerator g, Event e) throws IOException {
        write(g, e, -1);
    }

    /**
     * The event as {@link #write(JsonGenerator, Event)} writes it, and last, if {@code position} is not
     * negative, {@code "pos":POSITION}: where a follower is in a node's journal.
     */
    public static void write(JsonGenerator g, Event e, long position) throws IOException {
        write(g, e, position, null);
    }

    /**
     * As {@link #write(JsonGenerator, Event, long)}, then, if {@code marks} holds any,
     * {@code "marks":[START,END,...]}: where the query's pattern matched in {@code msg}, for colouring.
     */
    public static void write(JsonGenerator g, Event e, long position, int[] marks) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", e.ts().toString());
        g.writeStringField("received", e.received().toString());
        g.writeStringField("host", e.host());
        writeIfPresent(g, "app", e.app());
        writeIfPresent(g, "procid", e.procid());
        writeIfPresent(g, "msgid", e.msgid());
        g.writeStringField("facility", e.facility().label());
        g.writeStringField("severity", e.severity().label());
        g.writeStringField("msg", e.msg());
        if (!e.sd().isEmpty()) {
            g.writeObjectFieldStart("sd");
            for (var element : e.sd().entrySet()) {
                g.writeObjectFieldStart(element.getKey());
                for (var param : element.getValue().entrySet()) {
                    g.writeStringField(param.getKey(), param.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (e.fields() != null) {
            g.writeFieldName("fields");
            g.writeRawValue(e.fields());
        }
        writeIfPresent(g, "origin", e.origin());
        if (e.seq() != Event.NO_SEQ) {
            g.writeNumberField("seq", e.seq());
        }
        writeIfPresent(g, "source", e.source());
        if (position >= 0) {
            g.writeNumberField("pos", position);
        }
        if (marks != null && marks.length > 0) {
            g.writeArrayFieldStart("marks");
            for (int m : marks) {
                g.writeNumber(m);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /**
     * Reads what {@link #write} wrote. Unknown fields are an error: this is our own format, not
     * the lenient ingest mapping.
     *
     * @throws IllegalArgumentException with the reason, if the text is not such an object
     */
    public static Event parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return read(p);
        } catch (IOException | DateTimeParseException ex) {
            throw new IllegalArgumentException("not an event: " + ex.getMessage(), ex);
        }
    }

    private static Event read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not an event: expected a JSON object");
        }
        Instant ts = null, received = null;
        String host = null, app = null, procid = null, msgid = null, msg = null, fields = null, origin = null, source = null;
        Facility facility = null;
        Severity severity = null;
        Map<String, Map<String, String>> sd = Map.of();
        long seq = Event.NO_SEQ;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "ts" -> ts = Instant.parse(p.getText());
                case "received" -> received = Instant.parse(p.getText());
                case "host" -> host = p.getText();
                case "app" -> app = p.getText();
                case "procid" -> procid = p.getText();
                case "msgid" -> msgid = p.getText();
                case "facility" -> facility = Facility.parse(p.getText());
                case "severity" -> severity = Severity.parse(p.getText());
                case "msg" -> msg = p.getText();
                case "sd" -> sd = readSd(p);
                case "fields" -> fields = readRaw(p);
                case "origin" -> origin = p.getText();
                case "seq" -> seq = p.getLongValue();
                case "source" -> source = p.getText();
                default -> throw new IllegalArgumentException("not an event: unknown field '" + name + "'");
            }
            if (value == null) {
                break;
            }
        }
        return new Event(ts, received, host, app, procid, msgid, facility, severity, msg, sd, fields, origin, seq, source);
    }

    private static Map<String, Map<String, String>> readSd(JsonParser p) throws IOException {
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            p.nextToken();
            Map<String, String> params = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                params.put(key, p.getText());
            }
            sd.put(id, params);
        }
        return sd;
    }

    private static String readRaw(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }
}
