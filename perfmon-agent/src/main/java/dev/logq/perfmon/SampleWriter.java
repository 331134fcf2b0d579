package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Prints samples as JSON lines, jsonperfmon's shape:
 *
 * <pre>
 * line       = "{" *(group ",") DQUOTE "server" DQUOTE ":" string ","
 *                  DQUOTE "timestamp" DQUOTE ":" DQUOTE rfc3339 DQUOTE "}" LF
 * group      = DQUOTE group-name DQUOTE ":" object      ; in {@link Group} order, no white space
 * group-name = "cpu_total" / "cpus" / "memory"
 * string     = a JSON string (RFC 8259), escaped
 * rfc3339    = date "T" hh ":" mm ":" ss "." 3DIGIT "Z"   ; UTC, milliseconds
 * </pre>
 * </pre>
 *
 * A sample is one line holding every enabled group, or with {@code linePerGroup} one line per group,
 * each with {@code server} and the same {@code timestamp} (the time of the sample's reading). Strings go
 * through Jackson, so they are always escaped (jsonperfmon pasted them in raw). Each line is flushed
 * whole, so a reader never sees half a sample.
 */
final class SampleWriter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonGenerator json;
    private final String server;
    private final List<Group> groups;
    private final boolean linePerGroup;

    SampleWriter(OutputStream out, String server, List<Group> groups, boolean linePerGroup) throws IOException {
        JsonFactory factory = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
        this.json = factory.createGenerator(out, JsonEncoding.UTF8);
        this.server = server;
        this.groups = List.copyOf(groups);
        this.linePerGroup = linePerGroup;
    }

    /**
     * Prints the sample for the interval from {@code before} to {@code after}.
     *
     * @throws IOException "cannot write to standard output: ..." when the output is closed or full
     */
    void write(Reading before, Reading after) throws IOException {
        String timestamp = TIMESTAMP.format(after.time().truncatedTo(ChronoUnit.MILLIS));
        try {
            if (linePerGroup) {
                for (Group group : groups) {
                    json.writeStartObject();
                    writeGroup(group, before, after);
                    end(timestamp);
                }
            } else {
                json.writeStartObject();
                for (Group group : groups) {
                    writeGroup(group, before, after);
                }
                end(timestamp);
            }
        } catch (IOException e) {
            throw new IOException("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    private void writeGroup(Group group, Reading before, Reading after) throws IOException {
        json.writeFieldName(group.jsonName());
        group.writer().write(json, before, after);
    }

    private void end(String timestamp) throws IOException {
        json.writeStringField("server", server);
        json.writeStringField("timestamp", timestamp);
        json.writeEndObject();
        json.writeRaw('\n');
        json.flush();
    }
}
