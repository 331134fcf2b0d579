package dev.logq.cli;

import java.util.Locale;
import java.io.PrintWriter;

/**
 * How far a long answer has come, on stderr, for a person watching an export ({@code logq ... > file}):
 * a count rewritten in place about once a second, wiped when the answer is complete. Only when stderr
 * is a terminal and stdout is not (the launcher tells which, {@link #VARIABLE}); otherwise it says nothing.
 */
final class Progress {

    /** Set to 1 by bin/logq when stderr is a terminal. */
    static final String VARIABLE = "LOGQ_STDERR_IS_TERMINAL";
    static final Progress NONE = new Progress(null);
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final long everyNanos;
    private long events;
    private long shown;
    private boolean said;

    /** @param err where to write, or null to say nothing */
    Progress(PrintWriter err) {
        this(err, EVERY_NANOS);
    }

    Progress(PrintWriter err, long everyNanos) {
        this.err = err;
        this.everyNanos = everyNanos;
        this.shown = System.nanoTime();
    }

    void add(long more) {
        if (err == null) {
            return;
        }
        events += more;
        long now = System.nanoTime();
        if (now - shown >= everyNanos) {
            shown = now;
            said = true;
            err.print(String.format(Locale.ROOT, "\rlogq: %,d events so far", events));
            err.flush();
        }
    }

    /** Adds the lines of {@code text[0, length)}; counts them only if progress is shown. */
    void addLines(byte[] text, int length) {
        if (err == null) {
            return;
        }
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (text[i] == '\n') {
                lines++;
            }
        }
        add(lines);
    }

    /** Wipes the count, if one was shown. */
    void done() {
        if (said) {
            err.print("\r\033[K");
            err.flush();
            said = false;
        }
    }
}
