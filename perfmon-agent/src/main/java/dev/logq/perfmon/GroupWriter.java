package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes one group's JSON object for the interval between two readings. Rates and shares come from the
 * difference of the two; sizes and gauges from {@code after}. A value that cannot be computed correctly
 * is left out, never guessed (see {@link Counters}).
 */
sealed interface GroupWriter permits CpuTotalWriter, CpusWriter, MemoryWriter {

    /** Writes the group's value: one JSON object, from its start to its end. */
    void write(JsonGenerator json, Reading before, Reading after) throws IOException;
}
