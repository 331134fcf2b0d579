package dev.logq.store.internal.grep;

/**
 * The one case normalisation shared by the trigram index (which indexes trigrams of {@code fold(msg)}) and by
 * {@link GrepMatcher#requirement()}.
 *
 * <p>{@code fold(c) = toLowerCase(toUpperCase(c))}, one code point to one code point, so a folded text has as many
 * code points as the original and a substring of the text folds to a substring of the folded text. It puts every
 * character that grep {@code -i} accepts for a literal character onto the same folded character (grep's set for
 * {@code c} is a subset of {@code {t : toUpperCase(t) == toUpperCase(c)}}): 'ſ', 's' and 'S' fold to 's'; 'ς', 'σ'
 * and 'Σ' to 'σ'; 'ı', 'İ', 'i' and 'I' to 'i'; the Kelvin sign, 'k' and 'K' to 'k'.
 */
public final class TextFold {

    private TextFold() {
    }

    public static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /** Folds per code point; the result has the same number of code points. */
    public static String fold(CharSequence text) {
        int n = text.length();
        int i = 0;
        // Fast path: log text is mostly ASCII without upper case, which folds to itself.
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        while (i < n) {
            char c = text.charAt(i);
            if (c < 0x80) {  // ASCII folds to its lower case, as below but without the tables
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                i++;
                continue;
            }
            int cp = Character.codePointAt(text, i);
            out.appendCodePoint(fold(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
