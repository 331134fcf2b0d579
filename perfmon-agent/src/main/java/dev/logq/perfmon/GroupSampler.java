package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One group's readings of the host: it keeps the last two, and writes the interval between them. The
 * first reading is only a baseline (jsonperfmon printed counters since boot as one period's rates).
 */
interface GroupSampler {

    /** Takes a reading now; the one before becomes the baseline of the next {@link #write}. */
    void read() throws IOException;

    /**
     * Writes the group's sections, each as {@code "name": {...}}, into the object being written, for the
     * interval between the last two readings. A section that cannot be computed (no baseline yet, a
     * counter that went down, nothing found) is left out; so the group may write nothing.
     */
    void write(JsonGenerator json) throws IOException;
}
