package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a tick's objects in jsonperfmon's shape and hands each to the {@link Output}:
 *
 * <pre>
 * object  = "{" *(section ",") DQUOTE "server" DQUOTE ":" string "," DQUOTE "timestamp" DQUOTE ":" 1*DIGIT "}"
 * section = DQUOTE name DQUOTE ":" json-object       ; names and order: {@link Group}; no white space
 * string  = a JSON string (RFC 8259), escaped
 * </pre>
 *
 * {@code server} is the host name up to its first dot, {@code timestamp} the tick's epoch second, an integer.
 * Strings go through Jackson, so they are always escaped (jsonperfmon pasted them in raw). One buffer
 * is reused for every object.
 */
final class SampleWriter {

    /** A buffer whose bytes are read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }

    private final Buffer buffer = new Buffer();
    private final JsonGenerator json;
    private final String server;
    private final Map<Group, GroupSampler> samplers;
    private final Output output;

    SampleWriter(String hostname, Map<Group, GroupSampler> samplers, Output output) throws IOException {
        JsonFactory factory = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
        this.json = factory.createGenerator(buffer, JsonEncoding.UTF8);
        int dot = hostname.indexOf('.');
        this.server = dot > 0 ? hostname.substring(0, dot) : hostname;
        this.samplers = samplers;
        this.output = output;
    }

    /**
     * Writes the main object holding {@code main}'s sections (if any has something to say), then one
     * object for each of {@code own}; returns how many objects were sent.
     */
    int write(List<Group> main, List<Group> own, long second) throws IOException {
        int sent = 0;
        if (!main.isEmpty() && object(main, second)) {
            sent++;
        }
        for (Group group : own) {
            if (object(List.of(group), second)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean object(List<Group> groups, long second) throws IOException {
        buffer.reset();
        json.writeStartObject();
        json.flush();
        int empty = buffer.size();
        for (Group group : groups) {
            samplers.get(group).write(json);
        }
        json.flush();
        boolean any = buffer.size() > empty;
        json.writeStringField("server", server);
        json.writeNumberField("timestamp", second);
        json.writeEndObject();
        json.flush();
        if (any) {
            output.send(buffer.bytes(), buffer.size(), second);
        }
        return any;
    }
}
