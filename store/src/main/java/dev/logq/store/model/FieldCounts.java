package dev.logq.store.model;

import java.util.List;
import java.util.Map;

/**
 * What {@code logq fields} shows: the structured field names of the selected events ({@link FieldFilter} says what fields are).
 *
 * @param counts per origin, per field name, how many events have the name (copies of one sending once)
 * @param examples per field name, a few of its values as text, the first ones read
 */
public record FieldCounts(Map<String, Map<String, Long>> counts, Map<String, List<String>> examples) {}
