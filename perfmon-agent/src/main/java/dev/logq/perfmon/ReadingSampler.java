package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** cpu_total, cpus or memory: a {@link HostReader} for the one group, and the group's {@link GroupWriter}. */
final class ReadingSampler implements GroupSampler {

    private final String section;
    private final HostReader reader;
    private final GroupWriter writer;
    private Reading before;
    private Reading after;

    ReadingSampler(String section, HostReader reader, GroupWriter writer) {
        this.section = section;
        this.reader = reader;
        this.writer = writer;
    }

    @Override
    public void read() throws IOException {
        before = after;
        after = reader.read();
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        if (before != null) {
            json.writeFieldName(section);
            writer.write(json, before, after);
        }
    }
}
