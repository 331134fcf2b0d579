package dev.logq.perfmon;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A reusable buffer over the small ASCII text files of /proc: load a file, then walk its lines and the
 * numbers in them without creating strings. Files are read whole in one go (the kernel builds them on
 * open, and their size is reported as 0), so the values within one file are consistent with each other.
 *
 * <p>Usage: {@link #load}, then {@code while (nextLine())} test the line with {@link #startsWith} (which
 * moves past the key) and take values with {@link #nextLong()} / {@link #nextDecimal()}. Not thread-safe.
 */
final class ProcFile {

    private byte[] buf = new byte[8192];
    private int length;
    private int lineStart;
    private int lineEnd = -1;
    private int pos;

    /**
     * Reads the whole file into the buffer; false, leaving it empty, if the file does not exist (or may not
     * be opened). A plain FileInputStream: NIO's Files.newInputStream costs a channel and more per open,
     * and the processes group opens one file per process every sample.
     */
    boolean load(Path file) throws IOException {
        return load(file.toString());
    }

    /** As {@link #load(Path)}, for a path already in text. */
    boolean load(String file) throws IOException {
        length = 0;
        lineEnd = -1;
        try (FileInputStream in = new FileInputStream(file)) {
            int n;
            while ((n = in.read(buf, length, buf.length - length)) > 0) {
                length += n;
                if (length == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return true;
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /** Moves to the next line, its start; false when there is none. */
    boolean nextLine() {
        int start = lineEnd + 1;
        if (start >= length) {
            return false;
        }
        int end = start;
        while (end < length && buf[end] != '\n') {
            end++;
        }
        lineStart = start;
        lineEnd = end;
        pos = start;
        return true;
    }

    /** Whether the current line starts with {@code key} (ASCII); if so, moves just past it. */
    boolean startsWith(String key) {
        int n = key.length();
        if (lineEnd - lineStart < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[lineStart + i] != key.charAt(i)) {
                return false;
            }
        }
        pos = lineStart + n;
        return true;
    }

    /** Whether the next unread character of the line is a decimal digit. */
    boolean atDigit() {
        return pos < lineEnd && isDigit(buf[pos]);
    }

    /**
     * The next run of digits on the line as a number, skipping anything before it, or
     * {@link Counters#NONE} when the line has no more digits.
     */
    long nextLong() {
        if (!skipToDigit()) {
            return Counters.NONE;
        }
        long value = 0;
        while (pos < lineEnd && isDigit(buf[pos])) {
            value = value * 10 + (buf[pos++] - '0');
        }
        return value;
    }

    /** The next {@code count} numbers of the line ({@link #nextLong()} each; {@link Counters#NONE} past its end). */
    long[] nextLongs(int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = nextLong();
        }
        return values;
    }

    /**
     * The next decimal on the line ({@code digits[.digits]}), skipping anything before it, or NaN when
     * the line has no more digits. Exact (the double nearest the text) for the short decimals /proc prints;
     * digits past the twelfth decimal place are ignored.
     */
    double nextDecimal() {
        long whole = nextLong();
        if (whole == Counters.NONE) {
            return Double.NaN;
        }
        if (pos + 1 >= lineEnd || buf[pos] != '.' || !isDigit(buf[pos + 1])) {
            return whole;
        }
        pos++;
        long fraction = 0;
        long scale = 1;
        while (pos < lineEnd && isDigit(buf[pos]) && scale < 1_000_000_000_000L) {
            fraction = fraction * 10 + (buf[pos++] - '0');
            scale *= 10;
        }
        while (pos < lineEnd && isDigit(buf[pos])) {
            pos++;
        }
        // One correctly rounded division, so "0.87" gives the same double as Double.parseDouble.
        return (double) (whole * scale + fraction) / scale;
    }

    /**
     * The next word of the line: skips blanks, then takes bytes up to a blank, the line's end or
     * {@code end}, which is consumed (/proc/net/dev glues a ':' to each name); null when the line has no more.
     */
    String nextWord(char end) {
        while (pos < lineEnd && isBlank(buf[pos])) {
            pos++;
        }
        if (pos >= lineEnd) {
            return null;
        }
        int start = pos;
        while (pos < lineEnd && !isBlank(buf[pos]) && buf[pos] != end) {
            pos++;
        }
        String word = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        if (pos < lineEnd && buf[pos] == end) {
            pos++;
        }
        return word;
    }

    /**
     * The text between the line's first {@code open} and its last {@code close}, as in the
     * {@code (comm)} of /proc/PID/stat, where a process may name itself {@code a) (b}; moves past it.
     * Null if the line has no such pair.
     */
    String enclosed(char open, char close) {
        int start = -1;
        int end = -1;
        for (int i = lineStart; i < lineEnd; i++) {
            if (start < 0 && buf[i] == open) {
                start = i + 1;
            } else if (start >= 0 && buf[i] == close) {
                end = i;
            }
        }
        if (end < 0) {
            return null;
        }
        pos = end + 1;
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    /** The next byte of the line after blanks, as a char, or 0 at the line's end; moves past it. */
    char nextChar() {
        while (pos < lineEnd && isBlank(buf[pos])) {
            pos++;
        }
        return pos < lineEnd ? (char) (buf[pos++] & 0xff) : 0;
    }

    /** The whole file as UTF-8 text without leading and trailing white space; for one-line files. */
    String text() {
        int start = 0;
        int end = length;
        while (start < end && (buf[start] & 0xff) <= ' ') {
            start++;
        }
        while (end > start && (buf[end - 1] & 0xff) <= ' ') {
            end--;
        }
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    private boolean skipToDigit() {
        while (pos < lineEnd && !isDigit(buf[pos])) {
            pos++;
        }
        return pos < lineEnd;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
