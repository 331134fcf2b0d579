package dev.logq.collector.internal.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.collector.internal.alert.Notification.Kind;
import dev.logq.collector.internal.alert.Rule.GroupBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.ShortLine;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One rule at work: takes each new event (that the rule's query selects) and the passing of time, keeps
 * the rule's {@link RuleState}, and says when a group starts firing, is still firing after {@code repeat},
 * or clears. What it says goes to a {@link Sink}, which sends it or not; the evaluator only decides.
 * Single-threaded: the alerts thread, or a {@code logq alerts test}.
 *
 * <p>Windows are measured on the events' received times against "now", so events replayed after a
 * restart or caught up from a peer count where they belong; a host that was never heard counts as heard
 * when evaluation began (of this process, or of the rule if it came later), so a restart or a new rule
 * does not report every host as absent at once.
 */
final class Evaluator {

    /** Where decisions go; returns false if the message was held back (a silence), so it is owed later. */
    interface Sink {
        boolean announce(Rule rule, RuleState state, Notification n);
    }

    /** Groups one rule keeps at most; events of further groups are counted under "(others)". */
    static final int MAX_GROUPS = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final Rule rule;
    private final RuleState state;
    private final String node;
    private final long startedAt;
    private final Sink sink;
    private final ShortLine lines = new ShortLine(ZoneOffset.UTC);
    private final long bucketMs;

    /**
     * @param startedAt when this process began evaluating (epoch ms): with the rule's own start
     *                  ({@link RuleState#since}), the earliest a host counts as last heard
     */
    Evaluator(Rule rule, RuleState state, String node, long startedAt, Sink sink) {
        this.rule = rule;
        this.state = state;
        this.node = node;
        this.startedAt = Math.max(startedAt, state.since);
        this.sink = sink;
        this.bucketMs = Math.max(1000, rule.condition().window().toMillis() / GroupState.BUCKETS);
        if (rule.condition() instanceof Condition.Absent && rule.by() == GroupBy.HOST) {
            rule.query().hosts().forEach(host -> state.groups.computeIfAbsent(host, h -> new GroupState()));
        }
    }

    Rule rule() {
        return rule;
    }

    RuleState state() {
        return state;
    }

    /** An appended event; {@code now} is the clock's epoch milliseconds. */
    void offer(Event e, long now) {
        if (!rule.matcher().test(e)) {
            return;
        }
        double value = Double.NaN;
        if (rule.condition() instanceof Condition.Threshold t) {
            value = field(e.fields(), t.field());
            if (Double.isNaN(value)) {
                return;
            }
        }
        String key = rule.by().key(e);
        GroupState g = state.groups.get(key);
        if (g == null) {
            g = new GroupState();
            state.groups.put(state.groups.size() < MAX_GROUPS ? key : "(others)", g);
        }
        long received = e.received().toEpochMilli();
        g.lastMatch = Math.max(g.lastMatch, received);
        // formatted only when kept: an episode shows its first few events (absent: the last one heard)
        Supplier<String> line = () -> lines.format(e.ts(), e.host(), e.app(), e.procid(), e.msg());
        switch (rule.condition()) {
            case Condition.Any any -> g.match(e.host(), e.ts().toEpochMilli(), line);
            case Condition.Count count -> {
                g.match(e.host(), e.ts().toEpochMilli(), line);
                g.countIn(received, bucketMs);
            }
            case Condition.Absent absent -> {
                g.events.clear();
                g.events.add(GroupState.shortened(line.get()));
            }
            case Condition.Threshold t -> {
                long ts = e.ts().toEpochMilli();
                g.lastValue = value;
                g.lastTs = ts;
                if (t.holds(value)) {
                    if (g.beyondSince == 0) {
                        g.beyondSince = ts;
                    }
                    g.match(e.host(), ts, line);
                } else {
                    g.beyondSince = 0;
                }
            }
        }
        // judged as of the event's arrival, not of now: evaluation that runs behind (a burst, a restart's
        // catch-up, a peer's late batch) decides what it would have decided on time, and never misses a match
        check(key, g, Math.min(now, received));
    }

    /** The passing of time: groups whose window ran out clear, quiet hosts turn absent, reminders fall due. */
    void tick(long now) {
        for (var entry : new ArrayList<>(state.groups.entrySet())) {
            check(entry.getKey(), entry.getValue(), now);
        }
    }

    private boolean holds(GroupState g, long now) {
        return switch (rule.condition()) {
            case Condition.Any any -> g.inEpisode() && now - g.lastMatch < any.within().toMillis();
            case Condition.Count count -> count.holds(g.windowCount(now, bucketMs));
            case Condition.Absent absent -> now - Math.max(g.lastMatch, startedAt) >= absent.forAtLeast().toMillis();
            case Condition.Threshold t -> g.beyondSince != 0 && g.lastTs - g.beyondSince >= t.forAtLeast().toMillis();
        };
    }

    private void check(String key, GroupState g, long now) {
        boolean holds = holds(g, now);
        if (!g.firing && holds) {
            g.firing = true;
            g.notified = false;
            announce(key, g, Kind.FIRING, now);
        } else if (g.firing && !holds) {
            g.firing = false;
            if (g.notified && rule.resolved()) {
                announce(key, g, Kind.RESOLVED, now);
            }
            g.notified = false;
            g.endEpisode();
        } else if (g.firing && !g.notified) {
            announce(key, g, Kind.FIRING, now);  // held back by a silence that has ended since
        } else if (g.firing && rule.repeat() != null && now - g.lastSent >= rule.repeat().toMillis()) {
            announce(key, g, Kind.REPEAT, now);
        } else if (!g.firing && rule.condition() instanceof Condition.Count && g.inEpisode() && g.windowCount(now, bucketMs) == 0) {
            g.endEpisode();  // the window emptied without the count being reached
        }
    }

    private void announce(String key, GroupState g, Kind kind, long now) {
        Notification n = notification(key, g, kind, now);
        boolean out = sink.announce(rule, state, n);
        if (kind != Kind.RESOLVED && out) {
            g.notified = true;
            g.lastSent = now;
            g.sinceLastMessage = 0;
        }
    }

    Notification notification(String key, GroupState g, Kind kind, long now) {
        Instant since = Instant.ofEpochMilli(switch (rule.condition()) {
            case Condition.Absent a -> g.lastMatch;
            case Condition.Threshold t -> g.beyondSince != 0 ? g.beyondSince : g.firstTs;
            default -> g.firstTs;
        });
        double value = rule.condition() instanceof Condition.Threshold ? g.lastValue : Double.NaN;
        return new Notification(rule.name(), rule.where(), kind, key, rule.condition().text(), g.episodeCount, g.sinceLastMessage,
                g.hosts, g.events, since, Instant.ofEpochMilli(now), value, command(key, g, kind, since, now), node);
    }

    /** The logq command line that shows what the notification is about. */
    private String command(String key, GroupState g, Kind kind, Instant since, long now) {
        List<String> words = new ArrayList<>(List.of("logq"));
        if (rule.condition() instanceof Condition.Threshold t) {
            words.addAll(List.of("stats", t.field(), "--since", since.truncatedTo(ChronoUnit.SECONDS).toString(), "-H", key));
            return String.join(" ", words.stream().map(Words::quote).toList());
        }
        if (rule.condition() instanceof Condition.Absent) {
            words.addAll(List.of("-n", "10"));
        } else {
            words.addAll(List.of("--since", since.truncatedTo(ChronoUnit.SECONDS).toString()));
            if (kind == Kind.RESOLVED) {
                words.addAll(List.of("--until", Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString()));
            }
        }
        String query = rule.query().text();
        if (rule.by() == GroupBy.HOST) {
            words.addAll(List.of("-H", key));
            query = rule.query().textWithout('H', "--host");
        } else if (rule.by() == GroupBy.APP) {
            words.addAll(List.of("-a", key));
            query = rule.query().textWithout('a', "--app");
        }
        String head = String.join(" ", words.stream().map(Words::quote).toList());
        return query.isEmpty() ? head : head + " " + query;
    }

    /** The number at a dotted path of a sample's fields ({@code cpu_total.physique.user_pct}), NaN if there is none. */
    static double field(String fields, String path) {
        if (fields == null) {
            return Double.NaN;
        }
        String[] parts = path.split("\\.");
        try (JsonParser p = JSON.createParser(fields)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Double.NaN;
            }
            int depth = 0;
            while (true) {
                JsonToken t = p.nextToken();
                if (t == null || t == JsonToken.END_OBJECT) {
                    return Double.NaN;
                }
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!name.equals(parts[depth])) {
                    p.skipChildren();
                    continue;
                }
                if (depth == parts.length - 1) {
                    return v.isNumeric() ? p.getDoubleValue() : Double.NaN;
                }
                if (v != JsonToken.START_OBJECT) {
                    return Double.NaN;
                }
                depth++;
            }
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
