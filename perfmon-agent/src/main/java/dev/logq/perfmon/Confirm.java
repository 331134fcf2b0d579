package dev.logq.perfmon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * jsonperfmon's {@code -r}: the dialogue of rsyslog's improg module in confirm mode. Before the first
 * sample, wait for a line starting {@code START}; after each object, read one line, and stop at one
 * starting {@code STOP} or at the end of input. Nothing is written back.
 */
final class Confirm {

    private final BufferedReader in;

    Confirm(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Waits for START; false if the input said STOP or ended first. */
    boolean awaitStart() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("START")) {
                return true;
            }
            if (line.startsWith("STOP")) {
                return false;
            }
        }
        return false;
    }

    /** Reads one line per object sent; false if one said STOP or the input ended. */
    boolean acknowledged(int objects) throws IOException {
        for (int i = 0; i < objects; i++) {
            String line = in.readLine();
            if (line == null || line.startsWith("STOP")) {
                return false;
            }
        }
        return true;
    }
}
