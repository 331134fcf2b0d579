package dev.logq.store.internal.grep;

/**
 * An interval {@code {m,n}} ({@code \{m,n\}} in BRE) read after its opening brace, by glibc's rules or by GNU
 * grep's DFA's (they differ in what is an error and what is a literal brace).
 *
 * <pre>
 *   interval = [min] ["," [max]] "}"      ; "{}" is an error, "{,n}" is {0,n}, "{,}" is {0,}
 * </pre>
 * In ERE a '{' that does not start a valid interval is an ordinary character (RE_INVALID_INTERVAL_ORD): "a{",
 * "a{1", "a{x}", "a{ 1}", "a{1,2" match literally; "a{}", "a{2,1}" and "a{1,2,3}" are errors. In BRE all of these
 * are errors. Counts above RE_DUP_MAX (32767) make the pattern "too big".
 *
 * @param max {@link PosixRegexNode.Repeat#UNBOUNDED} for no upper bound
 * @param end index just after the closing brace
 */
record PosixRegexInterval(int min, int max, int end) {

    private static final int RE_DUP_MAX = 0x7fff;
    private static final int END = 0;
    private static final int CLOSE = 1;
    private static final int COMMA = 2;

    /** glibc regcomp.c parse_dup_op/fetch_number; null means the '{' is literal (ERE only). */
    static PosixRegexInterval glibc(PosixRegexParser parser, int[] p, int start, boolean extended) {
        Scan scan = new Scan(p, start, extended);
        int min = scan.number();
        int max = 0;
        if (min == -1) {
            if (scan.kind != COMMA) {
                throw parser.error("Invalid content of \\{\\}");
            }
            min = 0;
        }
        if (min != -2) {
            max = scan.kind == CLOSE ? min : scan.kind == COMMA ? scan.number() : -2;
        }
        if (min == -2 || max == -2) {
            if (extended) {
                return null;
            }
            throw parser.error(scan.kind == END ? "Unmatched \\{" : "Invalid content of \\{\\}");
        }
        if ((max != -1 && min > max) || scan.kind != CLOSE) {
            throw parser.error("Invalid content of \\{\\}");
        }
        if ((max == -1 ? min : max) > RE_DUP_MAX) {
            throw parser.error("Regular expression too big");
        }
        return new PosixRegexInterval(min, max, scan.pos);
    }

    /** gnulib dfa.c lex() for '{'; null means the '{' is literal (ERE only). */
    static PosixRegexInterval dfa(PosixRegexParser parser, int[] p, int start, boolean extended) {
        int j = start;
        int min = -1;
        int max = -1;
        for (; j < p.length && isDigit(p[j]); j++) {
            min = min < 0 ? p[j] - '0' : Math.min(RE_DUP_MAX + 1, min * 10 + p[j] - '0');
        }
        if (j < p.length) {
            if (p[j] != ',') {
                max = min;
            } else {
                min = Math.max(min, 0);
                for (j++; j < p.length && isDigit(p[j]); j++) {
                    max = max < 0 ? p[j] - '0' : Math.min(RE_DUP_MAX + 1, max * 10 + p[j] - '0');
                }
            }
        }
        boolean valid = extended || (j < p.length && p[j++] == '\\');
        valid = valid && j < p.length && p[j++] == '}' && min >= 0 && (max < 0 || min <= max);
        if (!valid) {
            if (extended) {
                return null;
            }
            throw parser.error("Invalid content of \\{\\}");
        }
        if (max > RE_DUP_MAX) {
            throw parser.error("Regular expression too big");
        }
        return new PosixRegexInterval(min, max, j);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** glibc's token stream inside an interval. */
    private static final class Scan {
        private final int[] p;
        private final boolean extended;
        private int pos;
        private int kind;

        Scan(int[] p, int pos, boolean extended) {
            this.p = p;
            this.pos = pos;
            this.extended = extended;
        }

        /** -1 if no digits before '}' or ',', -2 if anything else (or the end) came first. */
        int number() {
            int num = -1;
            while (true) {
                if (pos >= p.length) {
                    kind = END;
                    return -2;
                }
                boolean escaped = p[pos] == '\\' && pos + 1 < p.length;
                int c = escaped ? p[pos + 1] : p[pos];
                pos += escaped ? 2 : 1;
                if (c == '}' && escaped != extended) {
                    kind = CLOSE;
                    return num;
                }
                if (c == ',') {
                    kind = COMMA;
                    return num;
                }
                boolean digit = !escaped && isDigit(c);
                num = !digit || num == -2 ? -2 : num == -1 ? c - '0' : Math.min(RE_DUP_MAX + 1, num * 10 + c - '0');
            }
        }
    }
}
