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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Translates parsed grep patterns into one java.util.regex pattern, compiled with {@link #FLAGS}, whose
 * {@code find()} on a message (lines separated by '\n') succeeds iff grep would select one of its lines.
 *
 * <p>Line semantics: nothing emitted can match '\n' ('.' under UNIX_LINES, every class minus '\n'), so a match
 * stays within a line; '$' is MULTILINE's and '^' a look-behind for '\n' or the start. Every literal is written as
 * {@code \x{..}} (or a plain ASCII letter/digit), so no character is special to Java by accident. Leftmost-longest
 * versus leftmost-first does not matter: the question is only whether some match exists.
 *
 * <p>{@code -w}: GNU grep accepts a line if some match of the pattern has a non-word character or the line edge
 * on both sides, trying shorter matches and later starts. Java's backtracking explores the same matches inside
 * {@code (?<!W)(?:P)(?!W)}, with one GNU quirk kept: an empty match counts only where the pattern has no non-empty
 * match at the same start (grep's retry loop stops at length 0). Patterns that contain a back-reference are
 * checked one by one, the others together as one alternation, as grep compiles them.
 *
 * <p>java.util.regex backtracks where grep runs a DFA, so the translation avoids what makes backtracking blow up:
 * nested stars are merged ({@link PosixRegexAnalysis#simplify}), a repetition that cannot give back characters to
 * what follows is possessive, a leading {@code .*} is tried at line starts only, and patterns that begin with a
 * look-behind get a cheap first-character look-ahead. Back-references and repetitions like {@code a.*b} can still
 * take time quadratic in the line length.
 */
final class PosixRegex {

    static final int FLAGS = Pattern.UNIX_LINES | Pattern.MULTILINE;

    private static final String W = PosixRegexCharSet.WORD_JAVA;

    /**
     * A non-ASCII character that is not a word character. GNU grep -w also tries an empty match at each byte
     * inside such a character's UTF-8 encoding, where both neighbours read as non-word and every anchor fails
     * (so {@code grep -w 'x*'} selects "a—b"); we accept the line if the pattern can match empty without anchors.
     * glibc regex under -i reads the text as whole characters, so only its fixed-string matcher does this then.
     */
    static final String INSIDE_NON_WORD = "[^\\x{0}-\\x{7F}\\x{D800}-\\x{DFFF}\\p{IsAlphabetic}\\p{Nd}_]";

    /** grep's '^': the start of a line, also at the end of the text (Java's MULTILINE '^' is not). */
    private static final String LINE_START = "(?<![^\\n])";

    private static final int MAX_DISJOINTNESS_SCANS = 4;  // each scans all code points (~10 ms)
    private static final int CONSUMES = 0;
    private static final int NULLABLE = 1;
    private static final int UNKNOWN = 2;

    private final boolean ignoreCase;
    private final StringBuilder out = new StringBuilder();
    private int disjointnessScans;
    private int names;
    private Map<Integer, String> groupNames = new HashMap<>();

    private PosixRegex(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    /**
     * @param patterns   the lines of the pattern, any of which may match
     * @param wordRegexp {@code -w}
     * @param fixed      GNU grep runs its fixed-string matcher ({@code -F}, under -i only if every character
     *                   folds within its byte length), which accepts any empty match, not only the last resort
     */
    static String toJava(List<PosixRegexNode> patterns, boolean ignoreCase, boolean wordRegexp, boolean fixed) {
        PosixRegex translator = new PosixRegex(ignoreCase);
        List<PosixRegexNode> simplified = patterns.stream()
                .map(p -> PosixRegexAnalysis.simplify(p, PosixRegexAnalysis.referencedGroups(p), ignoreCase)).toList();
        if (!wordRegexp) {
            translator.alternatives(simplified);
            return translator.out.toString();
        }
        List<PosixRegexNode> units = new ArrayList<>();
        List<PosixRegexNode> withoutBackReferences = new ArrayList<>();
        for (PosixRegexNode p : simplified) {
            (PosixRegexAnalysis.referencedGroups(p).isEmpty() ? withoutBackReferences : units).add(p);
        }
        if (!withoutBackReferences.isEmpty()) {
            units.addFirst(withoutBackReferences.size() == 1 ? withoutBackReferences.getFirst()
                    : new Alternation(withoutBackReferences));
        }
        for (int u = 0; u < units.size(); u++) {
            translator.out.append(u == 0 ? "" : "|");
            translator.word(units.get(u), fixed);
            if ((fixed || !ignoreCase) && PosixRegexAnalysis.emptyWithoutAnchors(units.get(u))) {
                translator.out.append('|').append(INSIDE_NON_WORD);
            }
        }
        return translator.out.toString();
    }

    private void alternatives(List<PosixRegexNode> patterns) {
        for (int k = 0; k < patterns.size(); k++) {
            PosixRegexNode p = patterns.get(k);
            boolean startsWithAnchor = p instanceof Anchor
                    || (p instanceof Concat c && c.items().getFirst() instanceof Anchor);
            out.append(k == 0 ? "" : "|").append(startsWithAnchor ? firstCharacterGuard(p) : "")
                    .append(lineStartIfLeadingAnyString(p));
            emitFresh(p);
        }
    }

    /**
     * A look-ahead for the characters a match can start with, for patterns that begin with a look-behind (-w,
     * word anchors, '^'): java.util.regex tries every position, and a look-behind costs far more than a character
     * test. Empty if the first character is not known.
     */
    private String firstCharacterGuard(PosixRegexNode p) {
        List<String> classes = new ArrayList<>();
        return firstCharacters(p, classes) == CONSUMES ? "(?=[" + String.join("", classes) + "])" : "";
    }

    /**
     * {@code .*foo} finds a match iff one starts at the start of a line (where -w's left side holds too), so it
     * is tried only there: from every position java.util.regex would rescan the line, quadratic on long lines.
     */
    private static String lineStartIfLeadingAnyString(PosixRegexNode p) {
        boolean leading = p instanceof Concat c && c.items().getFirst() instanceof Repeat r && r.min() == 0
                && r.max() == Repeat.UNBOUNDED && r.body() instanceof AnyChar && !PosixRegexAnalysis.nullable(p);
        return leading ? LINE_START : "";
    }

    /** Collects what the node's first character can be: whether it always consumes one, may be empty, or unknown. */
    private int firstCharacters(PosixRegexNode node, List<String> classes) {
        return switch (node) {
            case Empty e -> NULLABLE;
            case Anchor a -> NULLABLE;
            case Literal l -> {
                classes.add(PosixRegexCharSet.quoted(
                        ignoreCase ? PosixRegexCase.literalVariants(l.codePoint()) : new int[] {l.codePoint()}));
                yield CONSUMES;
            }
            case CharClass c -> {
                classes.add(c.set().java());
                yield CONSUMES;
            }
            case AnyChar a -> UNKNOWN;
            case BackReference b -> UNKNOWN;
            case Group g -> firstCharacters(g.body(), classes);
            case Concat c -> {
                int result = NULLABLE;
                for (PosixRegexNode item : c.items()) {
                    result = firstCharacters(item, classes);
                    if (result != NULLABLE) {
                        break;
                    }
                }
                yield result;
            }
            case Alternation a -> {
                int result = CONSUMES;
                for (PosixRegexNode branch : a.branches()) {
                    result = Math.max(result, firstCharacters(branch, classes));
                }
                yield result;
            }
            case Repeat r -> {
                int body = firstCharacters(r.body(), classes);
                yield body == UNKNOWN ? UNKNOWN : r.min() == 0 ? NULLABLE : body;
            }
        };
    }

    private void word(PosixRegexNode p, boolean fixed) {
        out.append(firstCharacterGuard(p));
        if (fixed || !PosixRegexAnalysis.nullable(p)) {
            out.append("(?<!").append(W).append(")").append(lineStartIfLeadingAnyString(p)).append("(?:");
            emitFresh(p);
            out.append(")(?!").append(W).append(')');
            return;
        }
        // (?=(?<r>[^\n]*+)) ... (?!\k<r>) holds iff the match between them is not empty
        String restOfLine = "r" + ++names;
        out.append("(?<!").append(W).append(")(?:(?=(?<").append(restOfLine).append(">[^\\n]*+))(?:");
        emitFresh(p);
        out.append(")(?!\\k<").append(restOfLine).append(">)(?!").append(W).append(')');
        restOfLine = "r" + ++names;
        out.append("|(?!(?=(?<").append(restOfLine).append(">[^\\n]*+))(?:");
        emitFresh(p);
        out.append(")(?!\\k<").append(restOfLine).append(">))(?:");
        emitFresh(p);
        out.append(")(?!").append(W).append("))");
    }

    private void emitFresh(PosixRegexNode p) {
        groupNames = new HashMap<>();
        emit(p);
    }

    private void emit(PosixRegexNode node) {
        emit(node, null);
    }

    /** @param follower the single-character node that comes right after this one, or null */
    private void emit(PosixRegexNode node, PosixRegexNode follower) {
        switch (node) {
            case Empty e -> { }
            case Literal l -> literal(l.codePoint());
            case AnyChar a -> out.append('.');
            case CharClass c -> out.append(c.set().java());
            case Group g -> {
                String name = "g" + ++names;
                out.append("(?<").append(name).append('>');
                emit(g.body(), follower);
                out.append(')');
                groupNames.put(g.number(), name);
            }
            case Concat c -> {
                List<PosixRegexNode> items = c.items();
                for (int k = 0; k < items.size(); k++) {
                    emit(items.get(k), k + 1 < items.size() ? items.get(k + 1) : follower);
                }
            }
            case Alternation a -> {
                out.append("(?:");
                for (int k = 0; k < a.branches().size(); k++) {
                    out.append(k == 0 ? "" : "|");
                    emit(a.branches().get(k), follower);
                }
                out.append(')');
            }
            case Repeat r -> {
                repeat(r);
                if (follower != null && cannotGiveBack(r, follower)) {
                    out.append('+');  // possessive: what follows cannot start inside the repetition
                }
            }
            case Anchor a -> out.append(switch (a.kind()) {
                case LINE_START -> LINE_START;
                case LINE_END -> "$";
                case WORD_START -> "(?<!" + W + ")(?=" + W + ")";
                case WORD_END -> "(?<=" + W + ")(?!" + W + ")";
                case WORD_BOUNDARY -> "(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))";
                case NOT_WORD_BOUNDARY -> "(?:(?<=" + W + ")(?=" + W + ")|(?<!" + W + ")(?!" + W + "))";
            });
            case BackReference b -> {
                String reference = "\\k<" + groupNames.get(b.number()) + ">";
                // Java compares case-insensitively by upper then lower case; glibc by upper case only
                out.append(ignoreCase ? "(?iu:" + reference + ")" : reference);
            }
        }
    }

    private void literal(int c) {
        int[] variants = ignoreCase ? PosixRegexCase.literalVariants(c) : new int[] {c};
        if (variants.length > 1) {
            out.append('[').append(PosixRegexCharSet.quoted(variants)).append(']');
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            out.append((char) c);
        } else {
            out.append(PosixRegexCharSet.quoted(c));
        }
    }

    private void repeat(Repeat r) {
        boolean atomic = r.body() instanceof Literal || r.body() instanceof AnyChar || r.body() instanceof CharClass
                || r.body() instanceof Group || r.body() instanceof BackReference || r.body() instanceof Alternation;
        out.append(atomic ? "" : "(?:");
        emit(r.body());
        out.append(atomic ? "" : ")");
        int min = r.min();
        int max = r.max();
        if (max == Repeat.UNBOUNDED) {
            out.append(min == 0 ? "*" : min == 1 ? "+" : "{" + min + ",}");
        } else {
            out.append(min == 0 && max == 1 ? "?" : min == max ? "{" + min + "}" : "{" + min + "," + max + "}");
        }
    }

    /**
     * Whether backtracking into {@code r} can never help the next item: it repeats one character from a set
     * disjoint from the next item's first (only) character. Making such repetitions possessive keeps
     * {@code [0-9]+s} or {@code (\w+)\s\1} from retrying every shorter length.
     */
    private boolean cannotGiveBack(Repeat r, PosixRegexNode next) {
        IntPredicate repeated = singleCharacter(r.body());
        IntPredicate following = singleCharacter(next);
        if (repeated == null || following == null || r.max() == r.min()) {
            return false;
        }
        int[] few = fewCharacters(next);
        if (few == null) {
            few = fewCharacters(r.body());
        }
        if (few != null) {
            return IntStream.of(few).noneMatch(c -> repeated.test(c) && following.test(c));
        }
        if (disjointnessScans++ >= MAX_DISJOINTNESS_SCANS) {
            return false;
        }
        return IntStream.rangeClosed(0, Character.MAX_CODE_POINT).noneMatch(c -> repeated.test(c) && following.test(c));
    }

    private IntPredicate singleCharacter(PosixRegexNode node) {
        return switch (node) {
            case Literal l -> {
                int[] variants = ignoreCase ? PosixRegexCase.literalVariants(l.codePoint()) : new int[] {l.codePoint()};
                yield c -> IntStream.of(variants).anyMatch(v -> v == c);
            }
            case CharClass c -> c.set()::contains;
            case AnyChar a -> c -> c != '\n';
            default -> null;
        };
    }

    private int[] fewCharacters(PosixRegexNode node) {
        return switch (node) {
            case Literal l -> ignoreCase ? PosixRegexCase.literalVariants(l.codePoint()) : new int[] {l.codePoint()};
            case CharClass c -> c.set().members();
            default -> null;
        };
    }
}
