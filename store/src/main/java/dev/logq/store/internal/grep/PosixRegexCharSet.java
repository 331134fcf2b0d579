package dev.logq.store.internal.grep;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * A set of characters from a bracket expression or a GNU class escape, kept twice: as a predicate (to reason
 * about it: case closure, literal extraction) and as a java.util.regex character class that matches the same code
 * points. The two are built side by side by the same few operations; tests compare both with grep.
 *
 * <p>The POSIX classes follow glibc 2.36's C.UTF-8 {@code LC_CTYPE}, which is generated from Unicode data
 * (localedata/unicode-gen): alpha = Alphabetic or a non-ASCII decimal digit; digit = 0-9 only; lower/upper = the
 * Lowercase/Uppercase property or having a case mapping; space/blank = Zs without the no-break spaces
 * (U+00A0, U+2007, U+202F) plus ASCII white space (and Zl, Zp for space); cntrl = Cc, Zl, Zp; print = assigned
 * and not cntrl; graph = print and not space; punct = graph and not alnum. Java 25 knows Unicode 16 and glibc 2.36
 * Unicode 14, so characters assigned since (and 45 whose properties changed) are classified differently.
 */
final class PosixRegexCharSet {

    private static final String NO_BREAK = "\\x{A0}\\x{2007}\\x{202F}";
    private static final int MEMBER_LIMIT = 16;

    /**
     * grep's word characters, {@code [_[:alnum:]]}. The literal U+1D400 (a letter, so harmless) makes
     * java.util.regex step back over surrogate pairs in look-behinds that use this class; without a literal
     * supplementary character in the look-behind it steps back one char and misreads a preceding astral letter.
     */
    static final String WORD_JAVA = "[\\p{IsAlphabetic}\\p{Nd}_\uD835\uDC00]";

    private static final Map<String, PosixRegexCharSet> NAMED = Map.ofEntries(
            Map.entry("alpha", new PosixRegexCharSet(PosixRegexCharSet::isAlpha,
                    "[\\p{IsAlphabetic}\\p{Nd}&&[^0-9]]", null)),
            Map.entry("alnum", new PosixRegexCharSet(PosixRegexCharSet::isAlnum, "[\\p{IsAlphabetic}\\p{Nd}]", null)),
            Map.entry("digit", range('0', '9')),
            Map.entry("xdigit", new PosixRegexCharSet(
                    c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'), "[0-9A-Fa-f]", null)),
            Map.entry("space", new PosixRegexCharSet(PosixRegexCharSet::isSpace,
                    "[\\t-\\r \\p{Zl}\\p{Zp}[\\p{Zs}&&[^" + NO_BREAK + "]]]", null)),
            Map.entry("blank", new PosixRegexCharSet(
                    c -> c == '\t' || (Character.getType(c) == Character.SPACE_SEPARATOR && !isNoBreakSpace(c)),
                    "[\\t[\\p{Zs}&&[^" + NO_BREAK + "]]]", null)),
            Map.entry("cntrl", new PosixRegexCharSet(PosixRegexCharSet::isCntrl, "[\\p{Cc}\\p{Zl}\\p{Zp}]", null)),
            Map.entry("print", new PosixRegexCharSet(PosixRegexCharSet::isPrint,
                    "[^\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cn}\\p{Cs}]", null)),
            Map.entry("graph", new PosixRegexCharSet(PosixRegexCharSet::isGraph, graphJava(), null)),
            Map.entry("punct", new PosixRegexCharSet(c -> isGraph(c) && !isAlnum(c),
                    "[" + graphJava() + "&&[^\\p{IsAlphabetic}\\p{Nd}]]", null)),
            Map.entry("lower", new PosixRegexCharSet(c -> Character.isLowerCase(c) || Character.toUpperCase(c) != c,
                    "[\\p{javaLowerCase}" + quoted(IntStream.of(PosixRegexCase.CHANGED_BY_UPPER)
                            .filter(c -> !Character.isLowerCase(c)).toArray()) + "]", null)),
            Map.entry("upper", new PosixRegexCharSet(c -> Character.isUpperCase(c) || Character.toLowerCase(c) != c,
                    "[\\p{javaUpperCase}" + quoted(IntStream.of(PosixRegexCase.CHANGED_BY_LOWER)
                            .filter(c -> !Character.isUpperCase(c)).toArray()) + "]", null)));

    private final IntPredicate test;
    private final String java;
    private final int[] members;

    private PosixRegexCharSet(IntPredicate test, String java, int[] members) {
        this.test = test;
        this.java = java;
        this.members = members;
    }

    /** The class {@code [:name:]}, or null if glibc does not know the name. */
    static PosixRegexCharSet named(String name) {
        return NAMED.get(name);
    }

    static PosixRegexCharSet word() {
        return new PosixRegexCharSet(PosixRegexCharSet::isWordChar, WORD_JAVA, null);
    }

    static PosixRegexCharSet chars(int... codePoints) {
        int[] sorted = IntStream.of(codePoints).sorted().distinct().toArray();
        return new PosixRegexCharSet(c -> Arrays.binarySearch(sorted, c) >= 0, "[" + quoted(sorted) + "]",
                sorted.length <= MEMBER_LIMIT ? sorted : null);
    }

    static PosixRegexCharSet range(int lo, int hi) {
        return new PosixRegexCharSet(c -> c >= lo && c <= hi, "[" + quoted(lo) + "-" + quoted(hi) + "]",
                hi - lo < MEMBER_LIMIT ? IntStream.rangeClosed(lo, hi).toArray() : null);
    }

    static PosixRegexCharSet union(List<PosixRegexCharSet> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        IntPredicate test = c -> false;
        StringBuilder java = new StringBuilder("[");
        int[] members = new int[0];
        for (PosixRegexCharSet part : parts) {
            test = test.or(part.test);
            java.append(part.java);
            members = members == null || part.members == null ? null
                    : IntStream.concat(IntStream.of(members), IntStream.of(part.members)).sorted().distinct().toArray();
        }
        return new PosixRegexCharSet(test, java.append(']').toString(),
                members != null && members.length <= MEMBER_LIMIT ? members : null);
    }

    PosixRegexCharSet negated() {
        return new PosixRegexCharSet(test.negate(), "[^" + java + "]", null);
    }

    /** {@code {t : contains(toUpperCase(t))}}: what glibc regex -i matches for a set written in upper case. */
    PosixRegexCharSet caseClosure() {
        int[] removed = IntStream.of(PosixRegexCase.CHANGED_BY_UPPER)
                .filter(t -> test.test(t) && !test.test(PosixRegexCase.upper(t))).toArray();
        int[] added = IntStream.of(PosixRegexCase.CHANGED_BY_UPPER)
                .filter(t -> !test.test(t) && test.test(PosixRegexCase.upper(t))).toArray();
        String closed = removed.length == 0 ? java : "[" + java + "&&[^" + quoted(removed) + "]]";
        closed = added.length == 0 ? closed : "[" + closed + quoted(added) + "]";
        int[] closedMembers = members == null ? null : IntStream.concat(
                IntStream.of(members).filter(m -> test.test(PosixRegexCase.upper(m))), IntStream.of(added))
                .sorted().distinct().toArray();
        IntPredicate base = test;
        return new PosixRegexCharSet(t -> base.test(PosixRegexCase.upper(t)), closed,
                closedMembers != null && closedMembers.length <= MEMBER_LIMIT ? closedMembers : null);
    }

    boolean contains(int codePoint) {
        return test.test(codePoint);
    }

    /**
     * A java.util.regex character class for this set minus '\n' (grep matches line by line) and minus lone
     * surrogates (a class that matched one could start a match inside a surrogate pair).
     */
    String java() {
        boolean trim = test.test('\n') || IntStream.of(0xD800, 0xDBFF, 0xDC00, 0xDFFF).anyMatch(test::test);
        return trim ? "[" + java + "&&[^\\n\\x{D800}-\\x{DFFF}]]" : java;
    }

    /** The members in ascending order if they are few and known, else null. */
    int[] members() {
        return members == null ? null : members.clone();
    }

    static boolean isWordChar(int c) {
        return c == '_' || isAlnum(c);
    }

    static String quoted(int... codePoints) {
        StringBuilder out = new StringBuilder();
        for (int cp : codePoints) {
            out.append("\\x{").append(Integer.toHexString(cp)).append('}');
        }
        return out.toString();
    }

    private static boolean isAlpha(int c) {
        return Character.isAlphabetic(c) || (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER && (c < '0' || c > '9'));
    }

    private static boolean isAlnum(int c) {
        return Character.isAlphabetic(c) || Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
    }

    private static boolean isNoBreakSpace(int c) {
        return c == 0xA0 || c == 0x2007 || c == 0x202F;
    }

    private static boolean isSpace(int c) {
        int type = Character.getType(c);
        return c == ' ' || (c >= '\t' && c <= '\r') || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && !isNoBreakSpace(c));
    }

    private static boolean isCntrl(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isPrint(int c) {
        int type = Character.getType(c);
        return !isCntrl(c) && type != Character.UNASSIGNED && type != Character.SURROGATE;
    }

    private static boolean isGraph(int c) {
        return isPrint(c) && !isSpace(c);
    }

    private static String graphJava() {
        return "[[^\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cn}\\p{Cs}\\p{Zs}][" + NO_BREAK + "]]";
    }
}
