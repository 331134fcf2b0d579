package dev.logq.store.internal.grep;

import dev.logq.store.internal.grep.PosixRegexNode.Alternation;
import dev.logq.store.internal.grep.PosixRegexNode.Anchor;
import dev.logq.store.internal.grep.PosixRegexNode.AnyChar;
import dev.logq.store.internal.grep.PosixRegexNode.BackReference;
import dev.logq.store.internal.grep.PosixRegexNode.CharClass;
import dev.logq.store.internal.grep.PosixRegexNode.Concat;
import dev.logq.store.internal.grep.PosixRegexNode.Empty;
import dev.logq.store.internal.grep.PosixRegexNode.Group;
import dev.logq.store.internal.grep.PosixRegexNode.Literal;
import dev.logq.store.internal.grep.PosixRegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of a grep pattern, BRE (grep's default) or ERE ({@code -E}), as GNU grep 3.8 does in a UTF-8
 * locale. grep checks a pattern with both glibc regex and its own DFA and rejects it if either does, so this
 * follows glibc's {@code regcomp.c} (token rules, interval and bracket parsing, back-reference checks, error
 * messages) plus the DFA's extra checks ({@code [:space:]} outside brackets).
 *
 * <p>The two engines disagree about a repetition operator that has no operand: in ERE at the start of an
 * expression ({@code *a}, {@code (+a)}, {@code a|{1}b}) and after an anchor ({@code ^*a}, {@code x\<*}). The DFA
 * applies it to the empty string or to the anchor; glibc skips the operator character ({@code {1}b} becomes
 * {@code 1}b}) in ERE and reads it literally in BRE. They also disagree about escaped letters under -i. Which one
 * decides depends on the whole pattern (see {@link GrepMatcher}), so the parser can produce either view and
 * reports whether the pattern has such a spot.
 */
final class PosixRegexParser {

    private static final int RE_DUP_MAX = 0x7fff;
    private static final int NO_OPERAND = 0;
    private static final int ANCHOR_OPERAND = 1;
    private static final int ATOM_OPERAND = 2;

    /**
     * @param viewDependent the pattern has a repetition operator without operand whose meaning differs between
     *                      GNU grep's DFA and glibc regex
     */
    record Result(PosixRegexNode root, boolean viewDependent) {
    }

    private final String line;
    private final int[] p;
    private final boolean extended;
    private final boolean ignoreCase;
    private final boolean glibcView;
    private int i;
    private int groups;
    private int completedGroups;
    private boolean viewDependent;

    private PosixRegexParser(String line, boolean extended, boolean ignoreCase, boolean glibcView) {
        this.line = line;
        this.p = line.codePoints().toArray();
        this.extended = extended;
        this.ignoreCase = ignoreCase;
        this.glibcView = glibcView;
    }

    /**
     * @param glibcView read operand-less repetition operators as glibc regex does, else as GNU grep's DFA does
     * @throws IllegalArgumentException with grep's message if grep rejects the pattern
     */
    static Result parse(String line, boolean extended, boolean ignoreCase, boolean glibcView) {
        PosixRegexParser parser = new PosixRegexParser(line, extended, ignoreCase, glibcView);
        PosixRegexNode root = parser.alternation(0);
        return new Result(root, parser.viewDependent);
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException("invalid pattern '" + line + "': " + message);
    }

    private PosixRegexNode alternation(int nest) {
        // glibc: a back-reference may only name a group closed earlier on its own path through the alternatives
        int initial = completedGroups;
        List<PosixRegexNode> branches = new ArrayList<>();
        branches.add(branch(nest));
        while (atAlternation()) {
            i += extended ? 1 : 2;
            int accumulated = completedGroups;
            completedGroups = initial;
            branches.add(branch(nest));
            completedGroups |= accumulated;
        }
        return branches.size() == 1 ? branches.getFirst() : new Alternation(branches);
    }

    private PosixRegexNode branch(int nest) {
        List<PosixRegexNode> items = new ArrayList<>();
        int operand = NO_OPERAND;
        boolean atStart = true;  // GNU dfa's "laststart": only anchors so far in this branch
        while (i < p.length && !atAlternation() && !atGroupEnd(nest)) {
            if (atRepetition() && operand == ATOM_OPERAND) {
                int[] bounds = repetition(false);
                if (bounds == null) {
                    items.add(new Literal('{'));  // an ERE '{' that starts no interval is an ordinary character
                } else {
                    items.set(items.size() - 1, new Repeat(items.getLast(), bounds[0], bounds[1]));
                }
                continue;
            }
            if (atRepetition()) {
                operand = operandlessRepetition(items, operand, atStart);
                atStart &= operand != ATOM_OPERAND;
                continue;
            }
            PosixRegexNode atom = atom(nest, items.isEmpty() && operand == NO_OPERAND);
            if (atom instanceof Anchor) {
                items.add(atom);
                operand = ANCHOR_OPERAND;
                continue;
            }
            atStart = false;
            operand = ATOM_OPERAND;
            items.add(atom);
        }
        return items.isEmpty() ? new Empty() : items.size() == 1 ? items.getFirst() : new Concat(items);
    }

    /** A repetition operator at the start of a branch or after an anchor; returns the new operand state. */
    private int operandlessRepetition(List<PosixRegexNode> items, int operand, boolean atStart) {
        if (!extended && atStart) {
            items.add(new Literal(repetitionAsLiteral()));  // BRE "*a", "^*a", "\(*a\)": both engines agree
            return ATOM_OPERAND;
        }
        boolean brace = p[i] == '{' || (p[i] == '\\' && p[i + 1] == '{');
        if (operand == ANCHOR_OPERAND || brace) {
            viewDependent = true;
        }
        if (glibcView) {
            if (!extended) {
                items.add(new Literal(repetitionAsLiteral()));
                return ATOM_OPERAND;
            }
            i++;  // glibc ERE skips the operator character, "{" alone for an interval
            return operand;
        }
        int[] bounds = repetition(true);
        if (bounds == null) {
            items.add(new Literal('{'));
            return ATOM_OPERAND;
        }
        if (operand == ANCHOR_OPERAND) {
            items.set(items.size() - 1, new Repeat(items.getLast(), bounds[0], bounds[1]));
        }
        return operand;  // the DFA repeats the empty string: nothing to add
    }

    private int repetitionAsLiteral() {
        if (p[i] == '\\') {
            i++;
        }
        return p[i++];
    }

    private boolean atAlternation() {
        return i < p.length && (extended ? p[i] == '|' : p[i] == '\\' && i + 1 < p.length && p[i + 1] == '|');
    }

    private boolean atGroupEnd(int nest) {
        return nest > 0 && i < p.length
                && (extended ? p[i] == ')' : p[i] == '\\' && i + 1 < p.length && p[i + 1] == ')');
    }

    private boolean atRepetition() {
        if (i >= p.length) {
            return false;
        }
        if (extended) {
            return p[i] == '*' || p[i] == '+' || p[i] == '?' || p[i] == '{';
        }
        return p[i] == '*' || (p[i] == '\\' && i + 1 < p.length && (p[i + 1] == '+' || p[i + 1] == '?' || p[i + 1] == '{'));
    }

    /**
     * Reads a repetition operator: {min, max} with max -1 for unbounded, or null (position unchanged past the
     * '{') for an ERE '{' that starts no valid interval and is therefore literal.
     *
     * @param dfaRules lex an interval as GNU's DFA does (used where only the DFA reads it as one)
     */
    private int[] repetition(boolean dfaRules) {
        int c = p[i] == '\\' ? p[i + 1] : p[i];
        i += p[i] == '\\' ? 2 : 1;
        return switch (c) {
            case '*' -> new int[] {0, -1};
            case '+' -> new int[] {1, -1};
            case '?' -> new int[] {0, 1};
            default -> {
                PosixRegexInterval interval = dfaRules ? PosixRegexInterval.dfa(this, p, i, extended)
                        : PosixRegexInterval.glibc(this, p, i, extended);
                if (interval == null) {
                    yield null;
                }
                i = interval.end();
                yield new int[] {interval.min(), interval.max()};
            }
        };
    }

    private PosixRegexNode atom(int nest, boolean branchStart) {
        int c = p[i];
        if (c == '\\') {
            return escape(nest);
        }
        if (c == '[') {
            PosixRegexBracket bracket = new PosixRegexBracket(this, p, i + 1, ignoreCase);
            CharClass parsed = bracket.parse();
            i = bracket.end();
            return parsed;
        }
        i++;
        if (c == '.') {
            return new AnyChar();
        }
        if (extended && c == '(') {
            return group(nest);
        }
        if (c == '^' && (extended || branchStart)) {
            return new Anchor(Anchor.Kind.LINE_START);
        }
        if (c == '$' && (extended || i == p.length
                || (p[i] == '\\' && i + 1 < p.length && (p[i + 1] == ')' || p[i + 1] == '|')))) {
            return new Anchor(Anchor.Kind.LINE_END);
        }
        return new Literal(c);
    }

    private PosixRegexNode escape(int nest) {
        if (i + 1 >= p.length) {
            throw error("Trailing backslash");
        }
        int c = p[i + 1];
        i += 2;
        if (!extended && c == '(') {
            return group(nest);
        }
        if (!extended && c == ')') {
            throw error("Unmatched ) or \\)");
        }
        if (c >= '1' && c <= '9') {
            if ((completedGroups & (1 << (c - '0'))) == 0) {
                throw error("Invalid back reference");
            }
            return new BackReference(c - '0');
        }
        return switch (c) {
            case 'w' -> new CharClass(caseFolded(PosixRegexCharSet.word()), false);
            case 'W' -> new CharClass(caseFolded(PosixRegexCharSet.word()).negated(), false);
            case 's' -> new CharClass(caseFolded(PosixRegexCharSet.named("space")), false);
            case 'S' -> new CharClass(caseFolded(PosixRegexCharSet.named("space")).negated(), false);
            case 'b' -> new Anchor(Anchor.Kind.WORD_BOUNDARY);
            case 'B' -> new Anchor(Anchor.Kind.NOT_WORD_BOUNDARY);
            case '<' -> new Anchor(Anchor.Kind.WORD_START);
            case '>' -> new Anchor(Anchor.Kind.WORD_END);
            case '`' -> new Anchor(Anchor.Kind.LINE_START);  // start of the buffer, which grep makes the line
            case '\'' -> new Anchor(Anchor.Kind.LINE_END);
            default -> escapedLiteral(c);
        };
    }

    /**
     * Any other escaped character stands for itself. Under -i glibc compares the upper-cased text with the escaped
     * ASCII letter as written, so {@code \d} matches nothing there and {@code \D} matches 'd' and 'D'; GNU's DFA
     * folds it like any literal.
     */
    private PosixRegexNode escapedLiteral(int c) {
        if (!ignoreCase || c >= 0x80 || PosixRegexCase.upper(c) == c) {
            return new Literal(c);
        }
        viewDependent = true;
        return glibcView ? new CharClass(PosixRegexCharSet.chars(c).caseClosure(), false) : new Literal(c);
    }

    private PosixRegexCharSet caseFolded(PosixRegexCharSet set) {
        return ignoreCase ? set.caseClosure() : set;
    }

    private PosixRegexNode group(int nest) {
        int number = ++groups;
        PosixRegexNode body = alternation(nest + 1);
        if (i >= p.length || !atGroupEnd(nest + 1)) {
            throw error("Unmatched ( or \\(");
        }
        i += extended ? 1 : 2;
        if (number <= 9) {
            completedGroups |= 1 << number;
        }
        return new Group(body, number);
    }
}
