package dev.logq.store.model;

import java.util.List;

/**
 * One condition on a structured field (an event's JSON fields, nested names joined with dots, or its
 * RFC 5424 structured data as {@code SD-ID.PARAM}), as {@code logq --field} and the API's
 * {@code field=} read it:
 *
 * <pre>
 * filter = name op value
 * name   = 1*(any character but SP, "=", "!", "&lt;", "&gt;", "~")
 * op     = "=" / "!=" / "&gt;" / "&gt;=" / "&lt;" / "&lt;="
 * </pre>
 *
 * {@code =} holds if any value of the field equals {@code value}: as numbers when both are numbers
 * ({@code status=200} matches {@code 200}, {@code "200"} and {@code 200.0}), else as text. {@code !=} holds
 * if none does, so also for events without the field. {@code <}, {@code >} and their {@code =} forms
 * compare numbers: they hold if any numeric value of the field does. The store checks them.
 *
 * @param op one of {@link #OPERATORS}
 */
public record FieldFilter(String name, String op, String value) {

    public static final String EQ = "=";
    public static final String NE = "!=";
    public static final String GT = ">";
    public static final String GE = ">=";
    public static final String LT = "<";
    public static final String LE = "<=";
    public static final List<String> OPERATORS = List.of(EQ, NE, GT, GE, LT, LE);

    private static final String OPERATOR_CHARS = "=!<>~";
    /** What {@link #isName} checks, in words. */
    public static final String NAME_RULE = "a field's name has no spaces and none of = ! < > ~";
    private static final String HINT = " (use NAME=VALUE, NAME!=VALUE, NAME>N, NAME>=N, NAME<N or NAME<=N)";

    public FieldFilter {
        if (!OPERATORS.contains(op)) {
            throw new IllegalArgumentException("unknown operator '" + op + "'" + HINT);
        }
        if (!op.equals(EQ) && !op.equals(NE) && Double.isNaN(number(value))) {
            throw new IllegalArgumentException("'" + name + op + value + "': " + op + " compares numbers, and '" + value + "' is not one");
        }
    }

    /** @throws IllegalArgumentException saying what is wrong, with the forms accepted */
    public static FieldFilter parse(String text) {
        int i = 0;
        while (i < text.length() && OPERATOR_CHARS.indexOf(text.charAt(i)) < 0 && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            throw new IllegalArgumentException("'" + text + "' has no operator" + HINT);
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + text + "' has no field name before its operator" + HINT);
        }
        int end = i;
        while (end < text.length() && OPERATOR_CHARS.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        String symbol = text.substring(i, end);
        if (OPERATORS.contains(symbol)) {
            return new FieldFilter(text.substring(0, i), symbol, text.substring(end));
        }
        String what = end == i ? "'" + text.charAt(i) + "' in the field name" : "unknown operator '" + symbol + "'";
        throw new IllegalArgumentException("'" + text + "': " + what + HINT);
    }

    /** Whether a filter can name this field (see the grammar). */
    public static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (OPERATOR_CHARS.indexOf(name.charAt(i)) >= 0 || Character.isWhitespace(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value as a number, NaN if it is not one. */
    public double number() {
        return number(value);
    }

    /**
     * The text as a number if it is a decimal one: an optional sign, digits with an optional fraction
     * (or a fraction alone), an optional exponent; NaN otherwise (so not {@code NaN}, {@code Infinity},
     * hex, or a number with spaces or a unit). A field's value is numeric by the same rule.
     */
    public static double number(String text) {
        int n = text.length();
        int start = afterSign(text, 0);
        int end = afterDigits(text, start);
        int digits = end - start;
        if (end < n && text.charAt(end) == '.') {
            int fractionEnd = afterDigits(text, end + 1);
            digits += fractionEnd - end - 1;
            end = fractionEnd;
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (end < n && (text.charAt(end) == 'e' || text.charAt(end) == 'E')) {
            int exponent = afterSign(text, end + 1);
            end = afterDigits(text, exponent);
            if (end == exponent) {
                return Double.NaN;
            }
        }
        if (end != n) {
            return Double.NaN;
        }
        double d = Double.parseDouble(text);
        return Double.isInfinite(d) ? Double.NaN : d;
    }

    private static int afterSign(String text, int i) {
        return i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+') ? i + 1 : i;
    }

    private static int afterDigits(String text, int i) {
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The filter as it is written, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return name + op + value;
    }
}
