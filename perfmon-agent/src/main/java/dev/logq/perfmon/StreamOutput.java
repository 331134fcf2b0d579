package dev.logq.perfmon;

import java.io.IOException;
import java.io.OutputStream;

/** {@code --to stdout}: an object a line, flushed whole, so a reader never sees half of one. */
final class StreamOutput implements Output {

    private final OutputStream out;
    private final boolean blankLine;

    /** @param blankLine {@code -R}: an empty line after each object */
    StreamOutput(OutputStream out, boolean blankLine) {
        this.out = out;
        this.blankLine = blankLine;
    }

    @Override
    public void send(byte[] json, int length, long second) throws IOException {
        try {
            out.write(json, 0, length);
            out.write('\n');
            if (blankLine) {
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new IOException("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // standard output stays open: the JVM flushes and closes it
    }
}
