package dev.logq.collector.internal.message;

import java.nio.charset.StandardCharsets;

/**
 * A read position over the bytes of one message. The parsers move {@link #pos} forward; they never
 * read at or past {@link #end}, so a message cut anywhere yields fewer fields, never an exception.
 */
final class Cursor {

    static final byte SP = ' ';
    static final int END = -1;

    final byte[] bytes;
    final int start;
    final int end;
    /** Whether the whole message is ASCII, so text can be decoded without the UTF-8 decoder. */
    private final boolean ascii;
    /** The most bytes {@link #rest} decodes: the message text is cut there. */
    private final int maxRest;
    private boolean cut;
    int pos;

    Cursor(byte[] bytes, int start, int end, boolean ascii, int maxRest) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.ascii = ascii;
        this.maxRest = maxRest;
        this.pos = start;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The byte at the position (0..255), or {@link #END}. */
    int peek() {
        return pos < end ? bytes[pos] & 0xFF : END;
    }

    /** The byte at {@code i} (0..255), or {@link #END} past the end. */
    int at(int i) {
        return i < end ? bytes[i] & 0xFF : END;
    }

    /** Consumes {@code c} if it is next. */
    boolean skip(int c) {
        if (pos < end && (bytes[pos] & 0xFF) == c) {
            pos++;
            return true;
        }
        return false;
    }

    void skipSpaces() {
        while (pos < end && bytes[pos] == SP) {
            pos++;
        }
    }

    /** Index of the next SP at or after the position, or {@link #end}. */
    int tokenEnd() {
        int i = pos;
        while (i < end && bytes[i] != SP) {
            i++;
        }
        return i;
    }

    /**
     * Reads the next SP-delimited header token after skipping spaces before it (senders do write
     * doubled spaces); the RFC 5424 NILVALUE {@code -} and a missing token both give null.
     */
    String headerField() {
        skipSpaces();
        int from = pos;
        int to = tokenEnd();
        pos = to;
        if (to == from || (to - from == 1 && bytes[from] == '-')) {
            return null;
        }
        return text(from, to);
    }

    /** Skips a UTF-8 byte order mark at the position (loggen -P and RFC 5424 section 6.4 put one before MSG). */
    void skipBom() {
        if (pos + 2 < end && bytes[pos] == (byte) 0xEF && bytes[pos + 1] == (byte) 0xBB && bytes[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Decodes {@code bytes[from, to)}; bytes that are not UTF-8 become U+FFFD. */
    String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return new String(bytes, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * Decodes from the position to the end, at most {@code maxRest} bytes of it (cut where no UTF-8
     * character is split), and moves to the end.
     */
    String rest() {
        int to = end;
        if (to - pos > maxRest) {
            to = Utf8.boundary(bytes, pos, pos + maxRest);
            cut = true;
        }
        String s = text(pos, to);
        pos = end;
        return s;
    }

    /** Whether {@link #rest} cut the text. */
    boolean cut() {
        return cut;
    }
}
