package dev.logq.store.internal.grep;

import java.util.Arrays;

/**
 * How GNU grep 3.8 {@code -i} relates characters in a UTF-8 locale, with {@link Character#toUpperCase(int)} and
 * {@link Character#toLowerCase(int)} standing in for glibc's {@code towupper}/{@code towlower} (both are Unicode's
 * simple case mappings; glibc 2.36 has Unicode 14, Java 25 Unicode 16, so the few mappings added since differ).
 *
 * <p>grep uses two rules, depending on which of its matchers decides (measured against /usr/bin/grep):
 * <ul>
 *   <li>a literal character {@code c} outside brackets is matched by its DFA as {@code c} or one of
 *       {@code case_folded_counterparts(c)}: {@code towupper(c)}, {@code towlower(towupper(c))} if that maps back,
 *       and the "lonesome lower" letters (micro sign, dotless i, long s, final sigma, ...) whose upper case is
 *       {@code towupper(c)}. So 'k' does not match the Kelvin sign and 'i' does not match 'İ'; see
 *       {@link #literalVariants(int)};</li>
 *   <li>bracket expressions, classes and back-references are decided by glibc regex, which upper-cases both the
 *       pattern and the text: {@code t} is in {@code [set]} iff {@code towupper(t)} is in the set written with
 *       upper-cased characters (and {@code [:lower:]}/{@code [:upper:]} read as {@code [:alpha:]}); see
 *       {@link PosixRegexCharSet#caseClosure()}.</li>
 * </ul>
 * The two rules differ only for the historic Cyrillic letters U+1C80..U+1C88, which glibc regex relates to their
 * modern forms and the DFA does not.
 */
final class PosixRegexCase {

    /** gnulib localeinfo.c {@code lonesome_lower}: lower-case letters whose upper case lowers to another letter. */
    private static final int[] LONESOME_LOWER = {
        0x00B5, 0x0131, 0x017F, 0x01C5, 0x01C8, 0x01CB, 0x01F2, 0x0345, 0x03C2, 0x03D0, 0x03D1, 0x03D5, 0x03D6,
        0x03F0, 0x03F1, 0x03F2, 0x03F5, 0x1E9B, 0x1FBE,
    };

    /** Every code point whose upper case is another code point, ascending. */
    static final int[] CHANGED_BY_UPPER;
    /** Every code point whose lower case is another code point, ascending. */
    static final int[] CHANGED_BY_LOWER;

    static {
        int[] up = new int[4096];
        int[] low = new int[4096];
        int nu = 0;
        int nl = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.toUpperCase(cp) != cp) {
                up = nu == up.length ? Arrays.copyOf(up, nu * 2) : up;
                up[nu++] = cp;
            }
            if (Character.toLowerCase(cp) != cp) {
                low = nl == low.length ? Arrays.copyOf(low, nl * 2) : low;
                low[nl++] = cp;
            }
        }
        CHANGED_BY_UPPER = Arrays.copyOf(up, nu);
        CHANGED_BY_LOWER = Arrays.copyOf(low, nl);
    }

    private PosixRegexCase() {
    }

    static int upper(int cp) {
        return Character.toUpperCase(cp);
    }

    /** The characters grep -i accepts for the literal {@code c}, {@code c} first. */
    static int[] literalVariants(int c) {
        int uc = Character.toUpperCase(c);
        int lc = Character.toLowerCase(uc);
        int[] out = new int[2 + 1 + LONESOME_LOWER.length];
        int n = 0;
        out[n++] = c;
        if (uc != c) {
            out[n++] = uc;
        }
        if (lc != uc && lc != c && Character.toUpperCase(lc) == uc) {
            out[n++] = lc;
        }
        for (int li : LONESOME_LOWER) {
            if (li != lc && li != uc && li != c && Character.toUpperCase(li) == uc) {
                out[n++] = li;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
