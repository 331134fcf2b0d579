package dev.logq.store;

import dev.logq.store.internal.grep.GrepMatcher;
import dev.logq.store.model.Query;

/**
 * Where a query's pattern matches in a message, for a client that colours the matches
 * ({@code logq --color}): start and end offsets (UTF-16, as Java and JSON strings count) one pair
 * after the other. Fixed strings are marked where grep finds them; a regular expression where Java's
 * engine finds its translation, leftmost-first where POSIX takes the longest, so a mark can be
 * shorter than grep's colouring. Which events match is not decided here.
 */
public final class MatchMarks {

    private static final int[] NONE = new int[0];

    private final GrepMatcher matcher;

    private MatchMarks(GrepMatcher matcher) {
        this.matcher = matcher;
    }

    /** The marks of the query's pattern; none for no pattern or {@code -v} (nothing in a line matched). */
    public static MatchMarks of(Query query) {
        boolean marks = query.hasPattern() && !query.invert();
        return new MatchMarks(marks ? GrepMatcher.compile(query.pattern(), query.mode(), query.ignoreCase(), query.wordRegexp(),
                query.lineRegexp()) : null);
    }

    /** The marks in one message; an empty array if there are none. */
    public int[] in(String msg) {
        return matcher == null ? NONE : matcher.spans(msg);
    }
}
