package dev.logq.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output, UTF-8. Lines reach a terminal one by one as they are merged; into a pipe or file
 * they go in 64 KiB writes, which is what makes long outputs cheap.
 *
 * <p>A reader that goes away ({@code logq ... | head -1}) is not an error: the JVM ignores SIGPIPE, so
 * the write fails with "Broken pipe", and that ends the output quietly through {@link Closed}.
 */
final class Printer {

    /** Standard output was closed by its reader; stop, and say nothing. */
    static final class Closed extends Exception {
        Closed() {
            super("standard output closed", null, false, false);
        }
    }

    private final OutputStream out;
    private final boolean flushEachLine;

    Printer(OutputStream stdout, boolean flushEachLine) {
        this.out = new BufferedOutputStream(stdout, 64 * 1024);
        this.flushEachLine = flushEachLine;
    }

    void println(String line) throws Closed {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            if (flushEachLine) {
                out.flush();
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Whole lines of UTF-8 text, line ends included, as a node wrote them. */
    void printLines(byte[] lines, int offset, int length) throws Closed {
        try {
            out.write(lines, offset, length);
            if (flushEachLine) {
                out.flush();
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void flush() throws Closed {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static Closed failed(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Broken pipe") || message.contains("Stream closed")) {
            return new Closed();
        }
        throw new CliException("cannot write to standard output (" + NodeClient.describe(e) + ")");
    }
}
