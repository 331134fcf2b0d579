package dev.logq.collector.internal.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where one rule stands: its groups, its silence, and how its last notification went. Saved across restarts. */
final class RuleState {

    /** The rule's definition this state was built under; a reload that changes the rule starts it afresh. */
    public String definition;
    /** When this rule began to be evaluated (epoch ms): a host it expects but never heard is absent from then on. */
    public long since;
    public Map<String, GroupState> groups = new LinkedHashMap<>();
    public long silencedUntil;
    public long lastSent;
    /** The node that sent (or, on the others, was left to send) the last notification. */
    public String lastSentBy;
    public String lastError;
    public long lastErrorAt;
    public long sent;
    public long failed;

    boolean firing() {
        return groups.values().stream().anyMatch(g -> g.firing);
    }

    boolean silenced(long now) {
        return now < silencedUntil;
    }
}
