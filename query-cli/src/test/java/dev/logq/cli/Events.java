package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Event lines as a node writes them (field order and names of store's EventJson). */
final class Events {

    private static final JsonFactory JSON = new JsonFactory();

    private Events() {}

    /** An event with an sd element and fields, so readers must skip nested objects. */
    static String event(String ts, String host, String app, String procid, String msg, String origin, long seq) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", ts);
            g.writeStringField("received", ts);
            g.writeStringField("host", host);
            if (app != null) {
                g.writeStringField("app", app);
            }
            if (procid != null) {
                g.writeStringField("procid", procid);
            }
            g.writeStringField("facility", "daemon");
            g.writeStringField("severity", "info");
            g.writeStringField("msg", msg);
            g.writeObjectFieldStart("sd");
            g.writeObjectFieldStart("origin@1");
            g.writeStringField("ip", "10.0.0.1");
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName("fields");
            g.writeRawValue("{\"n\":[1,2,{\"deep\":true}]}");
            if (origin != null) {
                g.writeStringField("origin", origin);
                g.writeNumberField("seq", seq);
            }
            g.writeStringField("source", "tcp 127.0.0.1:40312");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A message event from host "web1", app "app", on {@code origin}. */
    static String event(String ts, String msg, String origin, long seq) {
        return event(ts, "web1", "app", null, msg, origin, seq);
    }
}
