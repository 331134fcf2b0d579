package dev.logq.collector.internal.alert;

import dev.logq.store.model.Event;
import dev.logq.store.model.Units;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One alert rule, as its section of a rule file gives it (see {@link RuleFiles} for the format).
 *
 * @param where      {@code FILE:LINE} of its section header, for messages
 * @param matcher    the query's check of one event, as a search makes it
 * @param by         what the rule's events are grouped by: each group fires and clears on its own
 * @param repeat     while firing, a reminder this often; null for none
 * @param resolved   whether to send a message when the condition clears
 * @param retries    attempts after the first for a notification that fails
 * @param definition the section's text, to tell whether a reload changed the rule (its state is kept if not)
 */
record Rule(
        String name,
        String where,
        RuleQuery query,
        Predicate<Event> matcher,
        Condition condition,
        GroupBy by,
        Duration repeat,
        boolean resolved,
        List<Notifier> notifiers,
        int retries,
        String definition) {

    static final Duration DEFAULT_REPEAT = Duration.ofHours(1);
    static final int DEFAULT_RETRIES = 5;

    /** What events are grouped by. */
    enum GroupBy {
        NONE, HOST, APP;

        String key(Event e) {
            return switch (this) {
                case NONE -> "";
                case HOST -> e.host();
                case APP -> e.app() == null ? "-" : e.app();
            };
        }
    }

    Rule {
        notifiers = List.copyOf(notifiers);
    }

    /** For {@code logq alerts}: what the rule does, in one line. */
    String summary() {
        return "when " + condition.text() + (query.words().isEmpty() ? "" : " of " + query.text())
                + (by == GroupBy.NONE ? "" : " by " + by.name().toLowerCase(java.util.Locale.ROOT))
                + (repeat == null ? "" : ", repeat " + Units.text(repeat));
    }
}
