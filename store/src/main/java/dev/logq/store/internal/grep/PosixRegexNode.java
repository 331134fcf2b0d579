package dev.logq.store.internal.grep;

import java.util.List;

/** A parsed POSIX (GNU) regular expression, case-sensitive as written; {@code -i} is applied when translating. */
sealed interface PosixRegexNode {

    /** Matches the empty string. */
    record Empty() implements PosixRegexNode {
    }

    /** One literal character. */
    record Literal(int codePoint) implements PosixRegexNode {
    }

    /** {@code .}: any character of the line. */
    record AnyChar() implements PosixRegexNode {
    }

    /**
     * A bracket expression or class escape, with {@code -i} already applied (glibc reads brackets case-folded).
     *
     * @param dfaExact whether GNU grep's DFA matches it itself (not negated, no classes or ranges but digits);
     *                 otherwise grep asks glibc regex, see {@link GrepMatcher}
     */
    record CharClass(PosixRegexCharSet set, boolean dfaExact) implements PosixRegexNode {
    }

    /** A parenthesised group; {@code number} counts opening parentheses from 1. */
    record Group(PosixRegexNode body, int number) implements PosixRegexNode {
    }

    record Concat(List<PosixRegexNode> items) implements PosixRegexNode {
        public Concat {
            items = List.copyOf(items);
        }
    }

    record Alternation(List<PosixRegexNode> branches) implements PosixRegexNode {
        public Alternation {
            branches = List.copyOf(branches);
        }
    }

    /** {@code body} repeated {@code min} to {@code max} times; {@code max} is {@link #UNBOUNDED} for no limit. */
    record Repeat(PosixRegexNode body, int min, int max) implements PosixRegexNode {
        static final int UNBOUNDED = -1;
    }

    /** A zero-width assertion. */
    record Anchor(Kind kind) implements PosixRegexNode {
        enum Kind { LINE_START, LINE_END, WORD_BOUNDARY, NOT_WORD_BOUNDARY, WORD_START, WORD_END }

        boolean isWordAnchor() {
            return kind != Kind.LINE_START && kind != Kind.LINE_END;
        }
    }

    /** {@code \1}..{@code \9}. */
    record BackReference(int number) implements PosixRegexNode {
    }
}
