package dev.logq.store.internal.grep;

import dev.logq.store.internal.grep.PosixRegexNode.CharClass;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A bracket expression, read after its '[' as glibc 2.36 regcomp.c does in C.UTF-8, plus the DFA's
 * {@code [:space:]} check.
 *
 * <pre>
 *   bracket  = "[" ["^"] ["]"] *element "]"        ; a ']' first is literal
 *   element  = symbol / char ["-" endpoint]        ; "-" first, last, or as a range end is literal
 *   symbol   = "[:" class ":]" / "[=" char "=]" / "[." char ".]"
 * </pre>
 * Backslash and '[' are ordinary inside brackets, and so is "&&". C.UTF-8 has no collation rules, so range
 * endpoints compare as code points but must be ASCII, and equivalence classes and collating symbols must be one
 * ASCII character ("Invalid collation character" otherwise). Under {@code -i} glibc upper-cases the pattern first
 * ({@code [a-Z]} is valid, {@code [Z-a]} is not), reads {@code [:lower:]}/{@code [:upper:]} as {@code [:alpha:]}, and
 * matches the upper case of each text character ({@link PosixRegexCharSet#caseClosure()}); but a bracket GNU's DFA
 * handles itself (not negated, only characters, digit ranges and {@code [:digit:]}) gets each character's literal
 * variants instead ({@link PosixRegexCase#literalVariants}).
 */
final class PosixRegexBracket {

    private enum Kind { CHAR, CLASS, EQUIVALENCE, COLLATING }

    private record Element(Kind kind, int c, String name) {
    }

    private static final int BRACKET_NAME_MAX = 32;

    private final PosixRegexParser parser;
    private final int[] p;
    private final boolean ignoreCase;
    private int i;

    /** @param start index just after the opening '[' */
    PosixRegexBracket(PosixRegexParser parser, int[] p, int start, boolean ignoreCase) {
        this.parser = parser;
        this.p = p;
        this.i = start;
        this.ignoreCase = ignoreCase;
    }

    /** Index just after the closing ']' once {@link #parse()} returned. */
    int end() {
        return i;
    }

    CharClass parse() {
        boolean negate = i < p.length && p[i] == '^';
        i += negate ? 1 : 0;
        // gnulib dfa.c colon_warning_state: 1 first is ':', 2 last is ':', 4 other chars, 8 ranges or symbols
        int colons = i < p.length && p[i] == ':' ? 1 : 0;
        List<PosixRegexCharSet> parts = new ArrayList<>();
        List<Integer> chars = new ArrayList<>();
        boolean dfaExact = !negate;  // GNU's DFA decides itself only for plain single-byte brackets
        boolean first = true;
        do {
            if (i >= p.length) {
                throw unmatched();
            }
            Element start = element(first);
            first = false;
            colons &= ~2;
            Element end = null;
            if (start.kind == Kind.CHAR || start.kind == Kind.COLLATING) {
                if (i >= p.length || (p[i] == '-' && i + 1 >= p.length)) {
                    throw unmatched();
                }
                if (p[i] == '-' && p[i + 1] != ']') {
                    i++;
                    end = element(true);
                }
            }
            if (end != null) {
                colons |= 8;
                parts.add(range(start, end));
                dfaExact &= isDigit(start) && isDigit(end);
            } else if (start.kind == Kind.CHAR) {
                colons |= start.c == ':' ? 2 : 4;
                chars.add(start.c);
            } else if (start.kind == Kind.CLASS) {
                colons |= 8;
                String name = ignoreCase && (start.name.equals("upper") || start.name.equals("lower")) ? "alpha"
                        : start.name;
                PosixRegexCharSet set = PosixRegexCharSet.named(name);
                if (set == null) {
                    throw parser.error("Invalid character class name");
                }
                parts.add(set);
                dfaExact &= name.equals("digit");
            } else {
                colons |= 8;
                chars.add(single(start));
                dfaExact = false;
            }
            if (i >= p.length) {
                throw unmatched();
            }
        } while (p[i] != ']');
        i++;
        if (colons == 7) {
            throw parser.error("character class syntax is [[:space:]], not [:space:]");
        }
        IntStream members = chars.stream().mapToInt(Integer::intValue);
        if (ignoreCase && dfaExact) {
            // GNU's DFA matches such a bracket itself, each character with its case variants like a literal
            members = members.flatMap(c -> IntStream.of(PosixRegexCase.literalVariants(c)));
        } else if (ignoreCase) {
            members = members.map(PosixRegexCase::upper);
        }
        int[] memberArray = members.toArray();
        if (memberArray.length > 0) {
            parts.add(PosixRegexCharSet.chars(memberArray));
        }
        PosixRegexCharSet set = PosixRegexCharSet.union(parts);
        set = ignoreCase && !dfaExact ? set.caseClosure() : set;
        return new CharClass(negate ? set.negated() : set, dfaExact);
    }

    private Element element(boolean acceptHyphen) {
        int c = p[i];
        if (c == '[' && i + 1 < p.length && (p[i + 1] == '.' || p[i + 1] == '=' || p[i + 1] == ':')) {
            int delimiter = p[i + 1];
            i += 2;
            if (i >= p.length) {
                throw unmatched();
            }
            StringBuilder name = new StringBuilder();
            for (int k = 0; ; k++) {
                if (k >= BRACKET_NAME_MAX) {
                    throw unmatched();
                }
                int ch = p[i++];
                if (i >= p.length) {
                    throw unmatched();
                }
                if (ch == delimiter && p[i] == ']') {
                    break;
                }
                name.appendCodePoint(ch);
            }
            i++;
            Kind kind = delimiter == ':' ? Kind.CLASS : delimiter == '=' ? Kind.EQUIVALENCE : Kind.COLLATING;
            return new Element(kind, -1, name.toString());
        }
        if (c == '-' && !acceptHyphen && (i + 1 >= p.length || p[i + 1] != ']')) {
            throw parser.error("Invalid range end");  // "[a-c-e]": a '-' that is neither a range nor last
        }
        i++;
        return new Element(Kind.CHAR, c, null);
    }

    private PosixRegexCharSet range(Element start, Element end) {
        if (end.kind == Kind.CLASS || end.kind == Kind.EQUIVALENCE) {
            throw parser.error("Invalid range end");
        }
        int lo = endpoint(start);
        int hi = endpoint(end);
        if (ignoreCase) {
            lo = PosixRegexCase.upper(lo);
            hi = PosixRegexCase.upper(hi);
        }
        if (lo > hi) {
            throw parser.error("Invalid range end");
        }
        return PosixRegexCharSet.range(lo, hi);
    }

    private int endpoint(Element e) {
        int c = e.kind == Kind.CHAR ? e.c : single(e);
        if (c >= 0x80) {
            throw collation();  // glibc without collation rules has no sequence value for multibyte characters
        }
        return c;
    }

    private int single(Element e) {
        if (e.name.length() != 1 || e.name.charAt(0) >= 0x80) {
            throw collation();
        }
        return e.name.charAt(0);
    }

    private static boolean isDigit(Element e) {
        return e.kind == Kind.CHAR && e.c >= '0' && e.c <= '9';
    }

    private IllegalArgumentException unmatched() {
        return parser.error("Unmatched [, [^, [:, [., or [=");
    }

    private IllegalArgumentException collation() {
        return parser.error("Invalid collation character");
    }
}
