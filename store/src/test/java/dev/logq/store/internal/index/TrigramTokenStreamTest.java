package dev.logq.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.internal.grep.TextFold;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.junit.jupiter.api.Test;

class TrigramTokenStreamTest {

    /** The tokens, checking on the way what Lucene's indexing chain checks: positions move forward. */
    static List<String> tokens(TrigramTokenStream ts) throws IOException {
        TermToBytesRefAttribute term = ts.getAttribute(TermToBytesRefAttribute.class);
        PositionIncrementAttribute position = ts.addAttribute(PositionIncrementAttribute.class);
        List<String> out = new ArrayList<>();
        ts.reset();
        while (ts.incrementToken()) {
            assertEquals(1, position.getPositionIncrement());
            out.add(term.getBytesRef().utf8ToString());
        }
        ts.end();
        ts.close();
        return out;
    }

    @Test
    void emitsEachDistinctFoldedTrigramOnce() throws IOException {
        TrigramTokenStream ts = new TrigramTokenStream();
        assertFalse(ts.setMessage("AbAbAb"));
        assertEquals(List.of("aba", "bab"), tokens(ts));
    }

    @Test
    void foldsNonAsciiLikeTextFoldAndKeepsSupplementaryCharactersWhole() throws IOException {
        TrigramTokenStream ts = new TrigramTokenStream();
        String msg = "ſTRAẞE 😀x";
        ts.setMessage(msg);
        String folded = TextFold.fold(msg);
        List<String> expected = new ArrayList<>();
        int[] cps = folded.codePoints().toArray();
        for (int i = 0; i + 3 <= cps.length; i++) {
            expected.add(new String(cps, i, 3));
        }
        assertEquals(expected, tokens(ts));
        assertTrue(tokens(reset(ts, msg)).contains("e 😀"));
    }

    private static TrigramTokenStream reset(TrigramTokenStream ts, String msg) {
        ts.setMessage(msg);
        return ts;
    }

    @Test
    void isReusableForTheNextDocument() throws IOException {
        TrigramTokenStream ts = new TrigramTokenStream();
        ts.setMessage("abcd");
        assertEquals(List.of("abc", "bcd"), tokens(ts));
        ts.setMessage("abcd");
        assertEquals(List.of("abc", "bcd"), tokens(ts));
        ts.setMessage("ab");
        assertEquals(List.of(), tokens(ts));
    }

    @Test
    void readsOnlyTheFirst4096CodePointsAndSaysSo() throws IOException {
        TrigramTokenStream ts = new TrigramTokenStream();
        assertFalse(ts.setMessage("a".repeat(TrigramTokenStream.MAX_CODE_POINTS)));
        assertTrue(ts.setMessage("a".repeat(TrigramTokenStream.MAX_CODE_POINTS) + "zzz"));
        assertEquals(List.of("aaa"), tokens(ts));
    }

    @Test
    void partitionNamesSortInTimeOrderAndParseBack() {
        PartitionScheme daily = new PartitionScheme(java.time.Duration.ofDays(1));
        long key = TimeKey.of(java.time.Instant.parse("2026-11-24T17:42:00Z"));
        long start = daily.startOf(key);
        assertEquals("20261124T00", daily.name(start));
        assertEquals(OptionalLong.of(start), daily.parse("20261124T00"));
        assertEquals(OptionalLong.empty(), daily.parse("checkpoint"));
        PartitionScheme sixHours = new PartitionScheme(java.time.Duration.ofHours(6));
        assertEquals("20261124T12", sixHours.name(sixHours.startOf(key)));
        assertEquals(Long.MAX_VALUE, daily.lastKey(daily.startOf(Long.MAX_VALUE)));
        assertEquals("22620411T00", daily.name(daily.startOf(Long.MAX_VALUE)));
        assertEquals("16770921T00", daily.name(daily.startOf(Long.MIN_VALUE)));
    }
}
