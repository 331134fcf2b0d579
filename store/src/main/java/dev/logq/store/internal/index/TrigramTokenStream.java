package dev.logq.store.internal.index;

import dev.logq.store.internal.grep.TextFold;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.util.BytesRef;

/**
 * The tokens of a message for the trigram field: every distinct run of three code points of
 * {@link TextFold#fold(CharSequence) fold(msg)}, once each, as the UTF-8 bytes of those code points
 * (see {@link #term}). Only the first {@value #MAX_CODE_POINTS} code points are read; the caller marks
 * longer messages so queries always take them as candidates.
 *
 * <p>Built for throughput, since it runs once per indexed event: one instance per indexing thread,
 * reused for every document; folding, windowing and de-duplication run over an int array with an
 * open-addressing set whose slots are invalidated by a generation stamp instead of being cleared.
 */
public final class TrigramTokenStream extends TokenStream {

    public static final int MAX_CODE_POINTS = 4096;
    private static final int SLOTS = 8192;           // > 2 * (MAX_CODE_POINTS - 2): the set stays under half full
    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(SLOTS);

    private final BytesTermAttribute termAttribute = addAttribute(BytesTermAttribute.class);
    private final BytesRef term = new BytesRef(new byte[12]);
    private final int[] codePoints = new int[MAX_CODE_POINTS];
    private final long[] seen = new long[SLOTS];
    private final int[] stamps = new int[SLOTS];
    private int generation;
    private int count;
    private int next;

    /**
     * Sets the message for the next document.
     *
     * @return true if the message has more than {@value #MAX_CODE_POINTS} code points, so not all of
     *     it was read
     */
    boolean setMessage(String msg) {
        int n = 0;
        int i = 0;
        int len = msg.length();
        while (i < len && n < MAX_CODE_POINTS) {
            char c = msg.charAt(i);
            if (c < 0x80) {
                codePoints[n++] = c >= 'A' && c <= 'Z' ? c + 32 : c;
                i++;
            } else {
                int cp = Character.codePointAt(msg, i);
                codePoints[n++] = TextFold.fold(cp);
                i += Character.charCount(cp);
            }
        }
        count = n;
        next = 0;
        return i < len;
    }

    @Override
    public void reset() {
        clearAttributes();  // once per document: end() of the previous one left the position increment at 0
        next = 0;
        if (++generation == 0) {
            Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    @Override
    public boolean incrementToken() {
        while (next + 3 <= count) {
            int a = codePoints[next];
            int b = codePoints[next + 1];
            int c = codePoints[next + 2];
            next++;
            if (firstSighting(((long) a << 42) | ((long) b << 21) | c)) {
                // no clearAttributes() per token: the term is the only attribute that changes, and
                // clearing all of them is measurable at 250 tokens per event
                term(a, b, c, term);
                termAttribute.setBytesRef(term);
                return true;
            }
        }
        return false;
    }

    private boolean firstSighting(long key) {
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
        while (stamps[slot] == generation) {
            if (seen[slot] == key) {
                return false;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        stamps[slot] = generation;
        seen[slot] = key;
        return true;
    }

    /**
     * The term for three folded code points: their UTF-8 encoding, a surrogate code unit encoded like
     * any other code point below 0x10000. The query side builds its terms with this too.
     */
    public static void term(int a, int b, int c, BytesRef into) {
        int n = put(a, into.bytes, 0);
        n = put(b, into.bytes, n);
        n = put(c, into.bytes, n);
        into.offset = 0;
        into.length = n;
    }

    private static int put(int cp, byte[] out, int at) {
        if (cp < 0x80) {
            out[at] = (byte) cp;
            return at + 1;
        } else if (cp < 0x800) {
            out[at] = (byte) (0xC0 | cp >> 6);
            out[at + 1] = (byte) (0x80 | cp & 0x3F);
            return at + 2;
        } else if (cp < 0x10000) {
            out[at] = (byte) (0xE0 | cp >> 12);
            out[at + 1] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[at + 2] = (byte) (0x80 | cp & 0x3F);
            return at + 3;
        }
        out[at] = (byte) (0xF0 | cp >> 18);
        out[at + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[at + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[at + 3] = (byte) (0x80 | cp & 0x3F);
        return at + 4;
    }
}
