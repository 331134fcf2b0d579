package dev.logq.collector.internal.alert;

import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Units;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A rule's {@code when}: what makes it fire, and what makes it clear again.
 *
 * <pre>
 * any [within DURATION]          fires on a matching event; clears after DURATION (default 5m) without one
 * count &gt; N within DURATION      fires while more than N events matched in the last DURATION (also &gt;=)
 * absent for DURATION            fires for a host that sent matching events and then none for DURATION
 * FIELD OP NUMBER for DURATION   fires for a host whose samples had FIELD OP NUMBER for DURATION on end
 *                                (OP one of &gt; &gt;= &lt; &lt;=; FIELD a dotted path, cpu_total.physique.user_pct)
 * </pre>
 */
sealed interface Condition {

    Duration DEFAULT_WITHIN = Duration.ofMinutes(5);

    /** How the rule file says it. */
    String text();

    /** The condition's window: how far back it looks. */
    Duration window();

    record Any(Duration within) implements Condition {
        @Override
        public String text() {
            return within.equals(DEFAULT_WITHIN) ? "any" : "any within " + Units.text(within);
        }

        @Override
        public Duration window() {
            return within;
        }
    }

    /** @param orEqual {@code >=} rather than {@code >} */
    record Count(long n, boolean orEqual, Duration within) implements Condition {
        @Override
        public String text() {
            return "count " + (orEqual ? ">=" : ">") + " " + n + " within " + Units.text(within);
        }

        @Override
        public Duration window() {
            return within;
        }

        boolean holds(long count) {
            return orEqual ? count >= n : count > n;
        }
    }

    record Absent(Duration forAtLeast) implements Condition {
        @Override
        public String text() {
            return "absent for " + Units.text(forAtLeast);
        }

        @Override
        public Duration window() {
            return forAtLeast;
        }
    }

    record Threshold(String field, String op, double value, Duration forAtLeast) implements Condition {
        @Override
        public String text() {
            return field + " " + op + " " + number(value) + " for " + Units.text(forAtLeast);
        }

        @Override
        public Duration window() {
            return forAtLeast;
        }

        boolean holds(double sample) {
            return switch (op) {
                case ">" -> sample > value;
                case ">=" -> sample >= value;
                case "<" -> sample < value;
                default -> sample <= value;
            };
        }
    }

    /** A number as a person writes it: 90, 0.5. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** @throws IllegalArgumentException with the forms that are understood */
    static Condition parse(String text) {
        List<String> w = List.of(text.strip().split("\\s+"));
        String first = w.getFirst().toLowerCase(Locale.ROOT);
        try {
            if (first.equals("any") && (w.size() == 1 || (w.size() == 3 && w.get(1).equals("within")))) {
                return new Any(w.size() == 1 ? DEFAULT_WITHIN : span(w.get(2)));
            }
            if (first.equals("count") && w.size() == 5 && (w.get(1).equals(">") || w.get(1).equals(">=")) && w.get(3).equals("within")) {
                long n = Long.parseLong(w.get(2));
                if (n < 0) {
                    throw new IllegalArgumentException("a count is 0 or more");
                }
                return new Count(n, w.get(1).equals(">="), span(w.get(4)));
            }
            if (first.equals("absent") && w.size() == 3 && w.get(1).equals("for")) {
                return new Absent(span(w.get(2)));
            }
            if (w.size() == 5 && List.of(">", ">=", "<", "<=").contains(w.get(1)) && w.get(3).equals("for")) {
                if (!FieldFilter.isName(w.get(0))) {
                    throw new IllegalArgumentException("'" + w.get(0) + "' is not a field name (" + FieldFilter.NAME_RULE + ")");
                }
                double value = FieldFilter.number(w.get(2));
                if (Double.isNaN(value)) {
                    throw new IllegalArgumentException("'" + w.get(2) + "' is not a number");
                }
                return new Threshold(w.get(0), w.get(1), value, span(w.get(4)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
        throw new IllegalArgumentException("'" + text + "' is not a condition: give any [within 5m], count > N within 5m, "
                + "absent for 10m, or FIELD > NUMBER for 5m");
    }

    private static Duration span(String text) {
        Duration d = Units.duration(text);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(text + " must be between 1s and 7d");
        }
        return d;
    }
}
