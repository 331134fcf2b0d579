package dev.logq.store.model;

import java.util.List;

/**
 * One condition on a structured field ({@link EventFields}), as {@code logq --field} and the API's
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
 * compare numbers: they hold if any numeric value of the field does.
 */
public record FieldFilter(String name, Op op, String value) {

    public enum Op {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean compares() {
            return this != EQ && this != NE;
        }
    }

    private static final String OPERATOR_CHARS = "=!<>~";
    /** What {@link #isName} checks, in words. */
    public static final String NAME_RULE = "a field's name has no spaces and none of = ! < > ~";
    private static final String HINT = " (use NAME=VALUE, NAME!=VALUE, NAME>N, NAME>=N, NAME<N or NAME<=N)";

    public FieldFilter {
        if (op.compares() && Double.isNaN(EventFields.number(value))) {
            throw new IllegalArgumentException("'" + name + op.symbol + value + "': " + op.symbol + " compares numbers, and '"
                    + value + "' is not one");
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
        for (Op op : Op.values()) {
            if (op.symbol.equals(symbol)) {
                return new FieldFilter(text.substring(0, i), op, text.substring(end));
            }
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
        return EventFields.number(value);
    }

    /** Whether the filter holds for an event with these field values ({@link EventFields#of(Event)}). */
    public boolean matches(List<EventFields.Value> values) {
        double n = number();
        Op test = op == Op.NE ? Op.EQ : op;  // != is "no value equal"
        for (EventFields.Value v : values) {
            if (v.name().equals(name) && holds(test, v, n)) {
                return op != Op.NE;
            }
        }
        return op == Op.NE;
    }

    private boolean holds(Op test, EventFields.Value v, double n) {
        return switch (test) {
            case EQ, NE -> equal(v, n);
            case GT -> v.numeric() && v.number() > n;
            case GE -> v.numeric() && v.number() >= n;
            case LT -> v.numeric() && v.number() < n;
            case LE -> v.numeric() && v.number() <= n;
        };
    }

    private boolean equal(EventFields.Value v, double n) {
        return !Double.isNaN(n) && v.numeric() ? v.number() == n : v.text().equals(value);
    }

    /** The filter as it is written, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return name + op.symbol + value;
    }
}
