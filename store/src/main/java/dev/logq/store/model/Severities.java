package dev.logq.store.model;

import java.util.Objects;

/**
 * The severities a query selects, as {@code journalctl -p} reads them: one level means that level and
 * every more severe one ({@code err} is emerg..err), and {@code FROM..TO} the levels between the two,
 * both included, in either order ({@code 3..4}, {@code warning..err}). Levels are names or 0..7
 * ({@link Severity#parse}).
 *
 * @param mostSevere  the most severe level selected (the lowest code)
 * @param leastSevere the least severe level selected (the highest code)
 */
public record Severities(Severity mostSevere, Severity leastSevere) {

    public static final Severities ALL = new Severities(Severity.EMERG, Severity.DEBUG);
    private static final String RANGE = "..";

    public Severities {
        Objects.requireNonNull(mostSevere, "mostSevere");
        Objects.requireNonNull(leastSevere, "leastSevere");
        if (mostSevere.code() > leastSevere.code()) {
            Severity swap = mostSevere;
            mostSevere = leastSevere;
            leastSevere = swap;
        }
    }

    /** @throws IllegalArgumentException naming the levels that are accepted */
    public static Severities parse(String text) {
        int dots = text.indexOf(RANGE);
        if (dots < 0) {
            return new Severities(Severity.EMERG, Severity.parse(text));
        }
        return new Severities(Severity.parse(text.substring(0, dots)), Severity.parse(text.substring(dots + RANGE.length())));
    }

    public boolean all() {
        return equals(ALL);
    }

    public boolean contains(Severity s) {
        return s.code() >= mostSevere.code() && s.code() <= leastSevere.code();
    }

    /** As {@link #parse} reads it back: {@code err}, or {@code err..warning}. */
    public String text() {
        return mostSevere == Severity.EMERG ? leastSevere.label() : mostSevere.label() + RANGE + leastSevere.label();
    }
}
