package dev.logq.store.internal.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.Event;
import dev.logq.store.model.FieldFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event's structured fields, flattened to (name, value) pairs: the one place that decides what a
 * field is called, for the index, {@code --field} filters, {@code --count-by FIELD} and
 * {@code logq fields}.
 *
 * <ul>
 *   <li>JSON fields ({@link Event#fields()}): nested objects join their names with dots
 *       ({@code {"http":{"status":200}}} is {@code http.status}); each element of an array is a value of
 *       the array's name; {@code null} is no value; {@code true}/{@code false} are text.</li>
 *   <li>RFC 5424 structured data ({@link Event#sd()}): {@code SD-ID.PARAM}, as {@code origin.ip} or
 *       {@code exampleSDID@32473.iut}.</li>
 * </ul>
 *
 * A value is numeric if its text is a decimal number ({@link FieldFilter#number}): JSON numbers, and strings such
 * as SD parameters ({@code "3"}) alike, so that {@code --field iut>2} means the same for both. At most
 * {@value #MAX_VALUES} values are taken from one event; the rest are not searchable as fields (their
 * text still is, in {@code -o json}).
 */
public final class EventFields {

    /**
     * The most values one event contributes: enough for a host-statistics sample of a host with 150 CPUs (5
     * values a CPU, about 200 more for the other groups), and a bound on what one event costs the index.
     */
    public static final int MAX_VALUES = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One value of a field.
     *
     * @param number the value as a number, or NaN if its text is not one
     */
    public record Value(String name, String text, double number) {
        public boolean numeric() {
            return !Double.isNaN(number);
        }
    }

    private EventFields() {}

    /** Whether the event has any structured field at all, without reading them. */
    public static boolean any(Event e) {
        return e.fields() != null || !e.sd().isEmpty();
    }

    /** The event's field values, JSON fields first, then structured data, each in the order sent. */
    public static List<Value> of(Event e) {
        if (!any(e)) {
            return List.of();
        }
        List<Value> values = new ArrayList<>();
        if (e.fields() != null) {
            try (JsonParser p = JSON.createParser(e.fields())) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    object(p, "", values);
                }
            } catch (IOException bad) {
                // fields are written by logq as one JSON object; a record that is not is kept as text only
            }
        }
        for (Map.Entry<String, Map<String, String>> element : e.sd().entrySet()) {
            for (Map.Entry<String, String> param : element.getValue().entrySet()) {
                add(values, element.getKey() + "." + param.getKey(), param.getValue());
            }
        }
        return values;
    }

    /** The values of one field of the event, in order; empty if it has none. */
    public static List<Value> of(Event e, String name) {
        List<Value> all = of(e);
        List<Value> named = new ArrayList<>(2);
        for (Value v : all) {
            if (v.name().equals(name)) {
                named.add(v);
            }
        }
        return named;
    }

    private static void object(JsonParser p, String prefix, List<Value> values) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            p.nextToken();
            value(p, name, values);
        }
    }

    private static void value(JsonParser p, String name, List<Value> values) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> object(p, name + ".", values);
            case START_ARRAY -> {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    value(p, name, values);
                }
            }
            case VALUE_NULL -> { }
            default -> add(values, name, p.getText());
        }
    }

    private static void add(List<Value> values, String name, String text) {
        if (values.size() < MAX_VALUES) {
            values.add(new Value(name, text, FieldFilter.number(text)));
        }
    }

    /** The keys of an event by a count by field names or by a field's values (see {@link CountBy}), each once. */
    public static Set<String> keys(CountBy by, Event e) {
        if (!by.multiValued()) {
            return Set.of(by.keyOf(e));
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Value v : of(e)) {
            if (by.kind() == CountBy.Kind.FIELDS) {
                keys.add(v.name());
            } else if (v.name().equals(by.field())) {
                keys.add(v.text());
            }
        }
        return keys;
    }

    /**
     * Whether a filter holds for an event with these values: {@code =} if any value of the field equals
     * the filter's, as numbers when both are numbers, else as text; {@code !=} if none does (so also for
     * an event without the field); the comparisons if any numeric value of the field meets them.
     */
    public static boolean matches(FieldFilter f, List<Value> values) {
        double n = f.number();
        boolean negated = f.op().equals(FieldFilter.NE);
        for (Value v : values) {
            if (v.name().equals(f.name()) && holds(f, v, n)) {
                return !negated;
            }
        }
        return negated;
    }

    private static boolean holds(FieldFilter f, Value v, double n) {
        return switch (f.op()) {
            case FieldFilter.EQ, FieldFilter.NE -> !Double.isNaN(n) && v.numeric() ? v.number() == n : v.text().equals(f.value());
            case FieldFilter.GT -> v.numeric() && v.number() > n;
            case FieldFilter.GE -> v.numeric() && v.number() >= n;
            case FieldFilter.LT -> v.numeric() && v.number() < n;
            case FieldFilter.LE -> v.numeric() && v.number() <= n;
            default -> throw new IllegalStateException("operator " + f.op());
        };
    }
}
