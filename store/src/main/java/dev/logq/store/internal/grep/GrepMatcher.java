package dev.logq.store.internal.grep;

import dev.logq.store.internal.grep.PosixRegexNode.Concat;
import dev.logq.store.internal.grep.PosixRegexNode.Literal;
import dev.logq.store.model.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A grep pattern compiled once per query; thread-safe ({@link #matches} may be called from several threads).
 *
 * <p>Selects what GNU grep 3.8 with {@code LC_ALL=C.UTF-8} selects for the same flags: {@code -F}, BRE (default),
 * {@code -E}, {@code -i}, {@code -w}, {@code -x}; {@code -v} is the caller's {@code !matches}. With {@code -x} a
 * line is selected when the whole of it is a match of the pattern (grep wraps the pattern in {@code ^( )$});
 * {@code -x} wins over {@code -w}, as in grep. A pattern with '\n' is several
 * patterns, any of which may match. A message is read like a file: its lines are separated by '\n' and a final
 * '\n' ends the last line rather than starting an empty one; an empty message is one empty line.
 *
 * <p>GNU grep decides most lines with its DFA and asks glibc regex only when the pattern needs it (back-references,
 * word anchors, classes, {@code -w}; see {@link PosixRegexAnalysis#needsRegexMatcher}). Where the two read a pattern
 * differently (an operator without operand, see {@link PosixRegexParser}) a line must pass both, as in grep: the
 * DFA's view relaxed as grep relaxes it ({@link PosixRegexAnalysis#superset}) and glibc's view.
 */
public final class GrepMatcher {

    private static final long DEEP_STACK_BYTES = 1L << 30;
    private static final Pattern INSIDE_NON_WORD = Pattern.compile(PosixRegex.INSIDE_NON_WORD);

    private final boolean matchesAll;
    private final String[] fixed;        // -F without -i: plain substring search
    private final boolean fixedWords;
    private final boolean wholeLines;    // -x: a line must be a whole match
    private final Pattern regex;
    private final Pattern dfaFilter;     // null unless GNU's DFA and regex views differ
    private final Requirement requirement;
    private final ThreadLocal<Matcher[]> matchers;

    private GrepMatcher(boolean matchesAll, String[] fixed, boolean fixedWords, boolean wholeLines, Pattern regex,
            Pattern dfaFilter, Requirement requirement) {
        this.matchesAll = matchesAll;
        this.fixed = fixed;
        this.fixedWords = fixedWords;
        this.wholeLines = wholeLines;
        this.regex = regex;
        this.dfaFilter = dfaFilter;
        this.requirement = requirement;
        this.matchers = ThreadLocal.withInitial(() -> new Matcher[] {
            regex == null ? null : regex.matcher(""), dfaFilter == null ? null : dfaFilter.matcher("")});
    }

    /** As {@link #compile(String, Query.PatternMode, boolean, boolean, boolean)} without {@code -x}. */
    public static GrepMatcher compile(String pattern, Query.PatternMode mode, boolean ignoreCase, boolean wordRegexp) {
        return compile(pattern, mode, ignoreCase, wordRegexp, false);
    }

    /**
     * @param pattern null or empty matches every message (with {@code -w} or {@code -x}, grep's rule for the empty
     *                pattern applies); several patterns are separated by '\n'
     * @throws IllegalArgumentException one line, grep-like, e.g. "invalid pattern 'a(b': Unmatched ( or \\("
     */
    public static GrepMatcher compile(String pattern, Query.PatternMode mode, boolean ignoreCase, boolean wordRegexp,
            boolean lineRegexp) {
        boolean words = wordRegexp && !lineRegexp;
        if (pattern == null || (pattern.isEmpty() && !words && !lineRegexp)) {
            return new GrepMatcher(true, null, false, false, null, null, new Requirement.Anything());
        }
        List<String> lines = Arrays.asList(pattern.split("\n", -1));
        if (!words && !lineRegexp && lines.contains("")) {
            return new GrepMatcher(true, null, false, false, null, null, new Requirement.Anything());
        }
        if (mode == Query.PatternMode.FIXED) {
            List<PosixRegexNode> literals = lines.stream().map(GrepMatcher::literal).toList();
            Requirement requirement = PosixRegexLiterals.requirement(literals, ignoreCase);
            if (!ignoreCase) {
                return new GrepMatcher(false, lines.toArray(String[]::new), words, lineRegexp, null, null, requirement);
            }
            // grep -F -i keeps its fixed-string matcher only if case folding keeps byte lengths, else it runs -G
            boolean keepsFixedMatcher = lines.stream().flatMapToInt(String::codePoints).allMatch(c ->
                    IntStream.of(PosixRegexCase.literalVariants(c)).allMatch(v -> c < 0x80 ? v < 0x80 : v == c));
            Pattern regex = Pattern.compile(PosixRegex.toJava(literals, true, words, keepsFixedMatcher),
                    PosixRegex.FLAGS);
            return new GrepMatcher(false, null, false, lineRegexp, regex, null, requirement);
        }
        boolean extended = mode == Query.PatternMode.EXTENDED;
        List<PosixRegexParser.Result> dfaView = lines.stream()
                .map(line -> PosixRegexParser.parse(line, extended, ignoreCase, false)).toList();
        List<PosixRegexNode> roots = dfaView.stream().map(PosixRegexParser.Result::root).toList();
        Pattern dfaFilter = null;
        boolean regexDecides = words || lineRegexp || roots.stream().anyMatch(PosixRegexAnalysis::needsRegexMatcher);
        if (regexDecides && dfaView.stream().anyMatch(PosixRegexParser.Result::viewDependent)) {
            dfaFilter = Pattern.compile(PosixRegex.toJava(roots.stream().map(PosixRegexAnalysis::superset).toList(),
                    ignoreCase, false, false), PosixRegex.FLAGS);
            roots = lines.stream().map(line -> PosixRegexParser.parse(line, extended, ignoreCase, true).root()).toList();
        }
        List<String> literalText = roots.stream().map(GrepMatcher::literalText).toList();
        if (dfaFilter == null && !ignoreCase && !literalText.contains(null)) {
            // like grep's own fixed-string shortcut: a pattern of plain characters is searched as a string
            return new GrepMatcher(false, literalText.toArray(String[]::new), words, lineRegexp, null, null,
                    PosixRegexLiterals.requirement(roots, false));
        }
        Pattern regex = Pattern.compile(PosixRegex.toJava(roots, ignoreCase, words, false), PosixRegex.FLAGS);
        return new GrepMatcher(false, null, false, lineRegexp, regex, dfaFilter, PosixRegexLiterals.requirement(roots, ignoreCase));
    }

    /** The text a node of plain characters matches, or null if it is more than that. */
    private static String literalText(PosixRegexNode node) {
        return switch (node) {
            case PosixRegexNode.Empty e -> "";
            case Literal l -> Character.toString(l.codePoint());
            case Concat c -> {
                StringBuilder text = new StringBuilder();
                for (PosixRegexNode item : c.items()) {
                    if (!(item instanceof Literal l)) {
                        yield null;
                    }
                    text.appendCodePoint(l.codePoint());
                }
                yield text.toString();
            }
            default -> null;
        };
    }

    private static PosixRegexNode literal(String line) {
        List<PosixRegexNode> chars = new ArrayList<>();
        line.codePoints().forEach(c -> chars.add(new Literal(c)));
        return chars.isEmpty() ? new PosixRegexNode.Empty() : new Concat(chars);
    }

    /** Whether every message matches (no pattern, or an empty one without -w and -x), so none need be read. */
    public boolean matchesEverything() {
        return matchesAll;
    }

    /** True iff grep (without -v) would select this message: for a message with several lines, iff any line matches. */
    public boolean matches(CharSequence msg) {
        if (matchesAll) {
            return true;
        }
        int end = msg.length() > 0 && msg.charAt(msg.length() - 1) == '\n' ? msg.length() - 1 : msg.length();
        if (fixed != null) {
            return wholeLines ? anyWholeLine(msg, end) : fixedWords ? containsWord(msg.toString(), end) : containsAny(msg.toString());
        }
        try {
            return matchesRegex(msg, end);
        } catch (StackOverflowError e) {
            return matchesOnDeepStack(msg, end);
        }
    }

    /**
     * Where the pattern matches in one line of text, for colouring it: start and end offsets one pair
     * after the other, left to right, not overlapping. Fixed strings are found as grep finds them; a
     * regular expression marks what Java's engine finds with the translated pattern, leftmost-first
     * where POSIX takes the longest, so a coloured match can be shorter than grep's. Selection is
     * {@link #matches}, which this does not change.
     */
    public int[] spans(String line) {
        if (matchesAll) {
            return new int[0];
        }
        if (wholeLines) {
            return matches(line) ? new int[] {0, line.length()} : new int[0];
        }
        List<Integer> spans = new ArrayList<>();
        if (fixed != null) {
            for (int from = 0; from <= line.length(); ) {
                int start = -1;
                int end = -1;
                for (String f : fixed) {
                    for (int at = line.indexOf(f, from); at >= 0; at = line.indexOf(f, at + 1)) {
                        if (!fixedWords || isWord(line, at, at + f.length())) {
                            if (start < 0 || at < start || (at == start && at + f.length() > end)) {
                                start = at;
                                end = at + f.length();
                            }
                            break;
                        }
                    }
                }
                if (start < 0) {
                    break;
                }
                if (end > start) {
                    spans.add(start);
                    spans.add(end);
                }
                from = Math.max(end, start + 1);
            }
        } else {
            Matcher m = regex.matcher(line);
            while (m.find()) {
                if (m.end() > m.start()) {
                    spans.add(m.start());
                    spans.add(m.end());
                }
            }
        }
        return spans.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether text[from, to) is a whole word: no word character just before or after it. */
    private static boolean isWord(String text, int from, int to) {
        return (from == 0 || !wordChar(text.codePointBefore(from))) && (to == text.length() || !wordChar(text.codePointAt(to)));
    }

    private static boolean wordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The regex (and the DFA's view, if it differs) on this thread's matchers. */
    private boolean matchesRegex(CharSequence msg, int end) {
        if (wholeLines) {
            return anyWholeLine(msg, end);
        }
        Matcher[] m = matchers.get();
        return find(m[0], msg, 0, end) && (m[1] == null || find(m[1], msg, 0, end));
    }

    /**
     * java.util.regex recurses once per iteration of a repeated group, so {@code (ab|c)*} on a line of many
     * thousand characters can overflow a normal thread stack; such a line is matched again on a thread with a
     * stack large enough for lines of megabytes. Rare, and slow only then.
     */
    private boolean matchesOnDeepStack(CharSequence msg, int end) {
        boolean[] found = new boolean[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = Thread.ofPlatform().name("grep-deep-match").stackSize(DEEP_STACK_BYTES).unstarted(() -> {
            try {
                found[0] = matchesRegex(msg, end);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while matching /" + regex + "/", e);
        }
        if (failure[0] != null) {
            throw new IllegalStateException("pattern too deeply nested for a line of " + msg.length()
                    + " characters: " + failure[0], failure[0]);
        }
        return found[0];
    }

    /** -x: whether some line of {@code msg[0, end)} is, as a whole, one of the fixed strings or a match of the regex. */
    private boolean anyWholeLine(CharSequence msg, int end) {
        Matcher[] m = fixed == null ? matchers.get() : null;
        int from = 0;
        while (true) {
            int to = from;
            while (to < end && msg.charAt(to) != '\n') {
                to++;
            }
            if (fixed != null ? equalsAny(msg, from, to)
                    : whole(m[0], msg, from, to) && (m[1] == null || whole(m[1], msg, from, to))) {
                return true;
            }
            if (to >= end) {
                return false;
            }
            from = to + 1;
        }
    }

    private boolean equalsAny(CharSequence msg, int from, int to) {
        for (String f : fixed) {
            if (f.length() == to - from && f.contentEquals(msg.subSequence(from, to))) {
                return true;
            }
        }
        return false;
    }

    private static boolean whole(Matcher matcher, CharSequence msg, int from, int to) {
        matcher.reset(msg);
        matcher.region(from, to);
        return matcher.matches();
    }

    private static boolean find(Matcher matcher, CharSequence msg, int from, int to) {
        matcher.reset(msg);
        matcher.region(from, to);
        return matcher.find();
    }

    /** A condition every message for which {@link #matches} is true satisfies (sound, may be weak). */
    public Requirement requirement() {
        return requirement;
    }

    private boolean containsAny(String text) {
        for (String f : fixed) {
            if (text.contains(f)) {
                return true;
            }
        }
        return false;
    }

    /** grep -F -w: some occurrence has a non-word character or the line edge on both sides. */
    private boolean containsWord(String text, int end) {
        for (String f : fixed) {
            if (f.isEmpty() && INSIDE_NON_WORD.matcher(text).region(0, end).find()) {
                return true;
            }
            for (int at = text.indexOf(f); at >= 0 && at + f.length() <= end;
                    at = at < text.length() ? text.indexOf(f, at + 1) : -1) {
                if (f.isEmpty() && at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))
                        && Character.isHighSurrogate(text.charAt(at - 1))) {
                    continue;  // the empty pattern matches between characters, not inside one
                }
                boolean before = at == 0 || !PosixRegexCharSet.isWordChar(Character.codePointBefore(text, at));
                boolean after = at + f.length() == end
                        || !PosixRegexCharSet.isWordChar(Character.codePointAt(text, at + f.length()));
                if (before && after) {
                    return true;
                }
            }
        }
        return false;
    }
}
