package dev.logq.collector.internal.message;

import io.netty.buffer.ByteBuf;

/**
 * UTF-8 checks on raw bytes, without decoding. The validity rules are those of the Unicode standard
 * (table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), which are also the rules by
 * which {@code new String(bytes, UTF_8)} replaces bytes with U+FFFD, so "invalid" here means "the
 * decoded text holds a replacement character that the sender did not send".
 */
final class Utf8 {

    /** Every byte is below 0x80: the text can be decoded as Latin-1, the cheapest path. */
    static final int ASCII = 0;
    /** Valid UTF-8 with at least one multi-byte sequence. */
    static final int VALID = 1;
    /** At least one byte sequence is not UTF-8. */
    static final int INVALID = 2;

    private Utf8() {
    }

    /** Classifies {@code b[from, to)} as {@link #ASCII}, {@link #VALID} or {@link #INVALID}. */
    static int scan(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= 0) {
            i++;
        }
        if (i == to) {
            return ASCII;
        }
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, to);
            if (n == 0) {
                return INVALID;
            }
            i += n;
        }
        return VALID;
    }

    /** Length of the valid multi-byte sequence starting at {@code b[i]}, or 0 if it is not one. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < to && isContinuation(b[i + 1]) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= to) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            int lo = c == 0xE0 ? 0xA0 : 0x80;
            int hi = c == 0xED ? 0x9F : 0xBF;
            return c1 >= lo && c1 <= hi && isContinuation(b[i + 2]) ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= to) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            int lo = c == 0xF0 ? 0x90 : 0x80;
            int hi = c == 0xF4 ? 0x8F : 0xBF;
            return c1 >= lo && c1 <= hi && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** As {@link #boundary(ByteBuf, int, int)}, on an array: {@code b[cut]} must exist. */
    static int boundary(byte[] b, int start, int cut) {
        int i = cut;
        while (i > start && cut - i < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
        }
        return i < cut && (b[i] & 0xC0) == 0xC0 ? i : cut;
    }

    /** The longest prefix of {@code s} whose UTF-8 form has at most {@code maxBytes} bytes, cut between characters. */
    static String cut(String s, int maxBytes) {
        if (s.length() * 3L <= maxBytes) {
            return s;  // cannot be longer: a UTF-16 char is at most 3 UTF-8 bytes
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                return s.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s;
    }

    /**
     * Where to cut {@code buf} so that {@code [start, cut)} does not end inside a multi-byte character:
     * {@code cut} itself, or up to three bytes before it. {@code buf.getByte(cut)} must be readable
     * (it is the first byte that does not fit). Bytes that are not UTF-8 anyway are cut where they are.
     */
    static int boundary(ByteBuf buf, int start, int cut) {
        int i = cut;
        while (i > start && cut - i < 3 && (buf.getByte(i) & 0xC0) == 0x80) {
            i--;
        }
        return i < cut && (buf.getByte(i) & 0xC0) == 0xC0 ? i : cut;
    }
}
