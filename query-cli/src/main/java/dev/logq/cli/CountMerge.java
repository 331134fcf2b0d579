package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code logq -c}: one number from the counts of several nodes.
 *
 * <pre>
 * answer = {"count":N,"origins":{"node1":N1,"node2":N2}}
 * </pre>
 *
 * Every node holds its own events and the replicated copies of the others', so summing the nodes'
 * totals would count an event once per copy. Instead, per origin, the largest count any node reports
 * is taken (the node most caught up on that origin), and those are summed. A node that does not
 * break its count down by origin adds its total as it is: it can only add, never hide another
 * node's count.
 */
final class CountMerge {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Long> best = new LinkedHashMap<>();
    private long unattributed;

    /** Adds one node's answer, as {@link #parse} returns it. */
    void add(Map<String, Long> origins) {
        for (var e : origins.entrySet()) {
            if (e.getKey() == null) {
                unattributed += e.getValue();
            } else {
                best.merge(e.getKey(), e.getValue(), Math::max);
            }
        }
    }

    long total() {
        return unattributed + best.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Reads a count answer into counts per origin; when it has no {@code origins}, its {@code count}
     * is returned under the key null.
     *
     * @throws IllegalArgumentException if it is not such an answer
     */
    static Map<String, Long> parse(String body) {
        Long count = null;
        Map<String, Long> origins = null;
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
                    origins = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String origin = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("count of origin '" + origin + "' is not a whole number");
                        }
                        origins.put(origin, p.getLongValue());
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("count answer is not JSON: " + e.getMessage());
        }
        if (origins != null) {
            return origins;
        }
        if (count == null) {
            throw new IllegalArgumentException("count answer has neither 'count' nor 'origins'");
        }
        Map<String, Long> single = new LinkedHashMap<>();
        single.put(null, count);
        return single;
    }
}
