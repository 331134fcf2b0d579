package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code logq -c}: one number from the counts of several nodes.
 *
 * <pre>
 * answer = {"count":N,"origins":{"node1":N1,"node2":N2}[,"by":{"node1":{KEY:N,...},...}][,"examples":{NAME:[TEXT,...],...}]}
 * </pre>
 *
 * Every node holds its own events and the replicated copies of the others', so summing the nodes'
 * totals would count an event once per copy. Instead, per origin, the largest count any node reports
 * is taken (the node most caught up on that origin), and those are summed; a count by group
 * ({@code --count-by}) takes that same node's groups for the origin. A node that does not break its
 * count down by origin adds its total as it is: it can only add, never hide another node's count.
 * Examples of field values ({@code logq fields}) are pooled, a few per name.
 */
final class CountMerge {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One node's answer.
     *
     * @param origins the count per origin; an answer without origins has its count under the key null
     * @param by the count per origin and group, or null if the answer has none
     * @param examples a few values per field name, empty if the answer has none
     */
    record Answer(Map<String, Long> origins, Map<String, Map<String, Long>> by, Map<String, List<String>> examples) {}

    /** How many examples of a field's values are kept. */
    static final int EXAMPLES = 3;

    private final Map<String, Long> best = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> bestGroups = new LinkedHashMap<>();
    private final Map<String, Set<String>> examples = new TreeMap<>();
    private long unattributed;

    /** Adds one node's answer, as {@link #parse} returns it. */
    void add(Answer answer) {
        for (var e : answer.origins().entrySet()) {
            String origin = e.getKey();
            if (origin == null) {
                unattributed += e.getValue();
            } else if (!best.containsKey(origin) || e.getValue() > best.get(origin)) {
                best.put(origin, e.getValue());
                Map<String, Long> groups = answer.by() == null ? null : answer.by().get(origin);
                bestGroups.put(origin, groups == null ? Map.of() : groups);
            }
        }
        answer.examples().forEach((name, values) -> {
            Set<String> kept = examples.computeIfAbsent(name, n -> new LinkedHashSet<>());
            for (int i = 0; i < values.size() && kept.size() < EXAMPLES; i++) {
                kept.add(values.get(i));
            }
        });
    }

    /** A few values of each field name, as the nodes gave them. */
    Map<String, Set<String>> examples() {
        return examples;
    }

    long total() {
        return unattributed + best.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The count per group, each origin's groups as the node most caught up on it counted them. */
    Map<String, Long> groups() {
        Map<String, Long> sum = new LinkedHashMap<>();
        bestGroups.values().forEach(groups -> groups.forEach((key, n) -> sum.merge(key, n, Long::sum)));
        return sum;
    }

    /**
     * Reads a count answer into counts per origin; when it has no {@code origins}, its {@code count}
     * is returned under the key null.
     *
     * @throws IllegalArgumentException if it is not such an answer
     */
    static Answer parse(String body) {
        Long count = null;
        Map<String, Long> origins = null;
        Map<String, Map<String, Long>> by = null;
        Map<String, List<String>> examples = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("count answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("count") && value == JsonToken.VALUE_NUMBER_INT) {
                    count = p.getLongValue();
                } else if (name.equals("origins") && value == JsonToken.START_OBJECT) {
                    origins = counts(p, "origin");
                } else if (name.equals("by") && value == JsonToken.START_OBJECT) {
                    by = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String origin = p.currentName();
                        if (p.nextToken() != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("groups of origin '" + origin + "' are not an object");
                        }
                        by.put(origin, counts(p, "group"));
                    }
                } else if (name.equals("examples") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        if (p.nextToken() != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("examples of field '" + field + "' are not an array");
                        }
                        List<String> values = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            values.add(p.getText());
                        }
                        if (p.currentToken() != JsonToken.END_ARRAY) {
                            throw new IllegalArgumentException("an example of field '" + field + "' is not a string");
                        }
                        examples.put(field, values);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("count answer is not JSON: " + e.getMessage());
        }
        if (origins != null) {
            return new Answer(origins, by, examples);
        }
        if (count == null) {
            throw new IllegalArgumentException("count answer has neither 'count' nor 'origins'");
        }
        Map<String, Long> single = new LinkedHashMap<>();
        single.put(null, count);
        return new Answer(single, by, examples);
    }

    /** The {@code "NAME":N} members of the object the parser is in, up to its end. */
    private static Map<String, Long> counts(JsonParser p, String what) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("count of " + what + " '" + name + "' is not a whole number");
            }
            counts.put(name, p.getLongValue());
        }
        return counts;
    }
}
