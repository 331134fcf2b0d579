package dev.logq.collector.internal.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One message about a rule's group, as every notifier sends it: what matched, how many, from which
 * hosts, the first few events and the {@code logq} command that shows them all.
 *
 * @param kind    firing, still firing (a reminder after {@code repeat}) or resolved
 * @param group   the host or app the rule's events are grouped by, or "" for the whole rule
 * @param count   the matching events of the episode (for a threshold, the samples beyond it)
 * @param fresh   of those, the ones since the previous message about it
 * @param hosts   the episode's events per host (at most {@value GroupState#HOSTS} hosts, the rest as "(others)")
 * @param events  the episode's first events, as logq's short lines (for absent: the last one heard)
 * @param since   when the episode began: the first event's time, or for absent when the host was last heard
 * @param value   for a threshold, the latest sample's value; NaN otherwise
 * @param command the logq command line that shows the events (or the statistic)
 * @param node    the log server that sends it
 */
record Notification(
        String rule,
        String where,
        Kind kind,
        String group,
        String condition,
        long count,
        long fresh,
        Map<String, Long> hosts,
        List<String> events,
        Instant since,
        Instant at,
        double value,
        String command,
        String node) {

    private static final JsonFactory JSON = new JsonFactory();

    enum Kind {
        FIRING("firing", "FIRING"), REPEAT("firing", "STILL FIRING"), RESOLVED("resolved", "RESOLVED");

        final String state;
        final String label;

        Kind(String state, String label) {
            this.state = state;
            this.label = label;
        }
    }

    Notification {
        hosts = Map.copyOf(hosts);
        events = List.copyOf(events);
    }

    /** The one-line summary, a mail's subject: {@code [logq] FIRING ssh-root-login (web1): 3 events from web1, web2}. */
    String subject() {
        return "[logq] " + kind.label + " " + rule + (group.isEmpty() ? "" : " (" + group + ")") + ": " + what();
    }

    private String what() {
        if (condition.startsWith("absent")) {
            return kind == Kind.RESOLVED ? "heard from again" : "nothing since " + time(since);
        }
        if (!Double.isNaN(value)) {
            return "value " + Condition.number(value) + (kind == Kind.RESOLVED ? ", back within bounds" : " (" + condition + ")");
        }
        String from = hosts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).limit(3).collect(Collectors.joining(", "));
        return count + (count == 1 ? " event" : " events") + (from.isEmpty() ? "" : " from " + from + (hosts.size() > 3 ? " and more" : ""));
    }

    /** The message's body, plain text. */
    String text() {
        StringBuilder b = new StringBuilder();
        b.append("Rule ").append(rule).append(group.isEmpty() ? "" : " for " + group).append(" is ")
                .append(kind == Kind.RESOLVED ? "resolved" : "firing").append(" (when ").append(condition).append(").\n");
        b.append("Log server ").append(node).append(", ").append(time(at)).append("; rule in ").append(where).append(".\n\n");
        if (!Double.isNaN(value)) {
            b.append("Latest value: ").append(Condition.number(value)).append('\n');
        } else if (!condition.startsWith("absent")) {
            b.append("Matching events: ").append(count).append(" since ").append(time(since));
            if (kind == Kind.REPEAT) {
                b.append(", ").append(fresh).append(" since the last message");
            }
            b.append('\n');
            b.append("Hosts: ").append(hosts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))).append('\n');
        } else {
            b.append("Last heard: ").append(time(since)).append('\n');
        }
        if (!events.isEmpty()) {
            b.append('\n').append(condition.startsWith("absent") ? "Last event:" : "First events:").append('\n');
            events.forEach(line -> b.append("  ").append(line).append('\n'));
        }
        b.append("\nSee them all:\n  ").append(command).append('\n');
        return b.toString();
    }

    /** The alert as one JSON object: what a webhook is posted and an exec command reads on stdin. */
    String json() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("text", subject() + "\n" + text());
            g.writeStringField("rule", rule);
            g.writeStringField("state", kind.state);
            g.writeBooleanField("reminder", kind == Kind.REPEAT);
            g.writeStringField("group", group);
            g.writeStringField("condition", condition);
            g.writeNumberField("count", count);
            g.writeNumberField("new", fresh);
            g.writeObjectFieldStart("hosts");
            for (Map.Entry<String, Long> h : hosts.entrySet()) {
                g.writeNumberField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("events");
            for (String line : events) {
                g.writeString(line);
            }
            g.writeEndArray();
            g.writeStringField("since", since.toString());
            g.writeStringField("at", at.toString());
            if (!Double.isNaN(value)) {
                g.writeNumberField("value", value);
            }
            g.writeStringField("command", command);
            g.writeStringField("node", node);
            g.writeStringField("file", where);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
