package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventFields;
import dev.logq.store.model.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A few different values of each field name, for {@code logq fields}: taken from the first events
 * read that have the name, at most {@value #PER_NAME} values and {@value #READS_PER_NAME} reads a name,
 * so that a field with one value throughout does not make every event be read.
 */
final class FieldExamples {

    static final int PER_NAME = 3;
    static final int READS_PER_NAME = 8;
    private static final int MAX_TEXT = 80;

    private final Map<String, Set<String>> values = new HashMap<>();
    private final Map<String, int[]> reads = new HashMap<>();

    /** Whether any of these names still wants examples; if so, the caller {@link #add}s the event. */
    boolean wants(Collection<String> names) {
        for (String name : names) {
            if (!complete(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name has all the examples it gets, or was read as often as it may be. */
    boolean complete(String name) {
        Set<String> have = values.get(name);
        int[] read = reads.get(name);
        return (have != null && have.size() >= PER_NAME) || (read != null && read[0] >= READS_PER_NAME);
    }

    void add(Event e) {
        Set<String> counted = new LinkedHashSet<>();
        for (EventFields.Value v : EventFields.of(e)) {
            Set<String> have = values.computeIfAbsent(v.name(), n -> new LinkedHashSet<>());
            if (counted.add(v.name())) {
                reads.computeIfAbsent(v.name(), n -> new int[1])[0]++;
            }
            if (have.size() < PER_NAME) {
                have.add(v.text().length() > MAX_TEXT ? v.text().substring(0, MAX_TEXT) + "…" : v.text());
            }
        }
    }

    /** The examples per name, names in order. */
    Map<String, List<String>> values() {
        Map<String, List<String>> out = new TreeMap<>();
        values.forEach((name, have) -> out.put(name, new ArrayList<>(have)));
        return out;
    }
}
