package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.store.model.StatsRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code logq stats}: one set of rows from several nodes' answers.
 *
 * <pre>
 * answer = {"rows":[{"field":F,"origin":O,"host":H,"bucket":EPOCH,"count":N,"sum":S,"min":A,"max":B,"last":L,"last_at":EPOCH,"p95":P},...]}
 * </pre>
 *
 * As for counts ({@link CountMerge}), each node holds its own samples and replicated copies of the
 * others', so per field and origin the rows of the node that holds the most of that origin's samples
 * are taken; then the rows of one field, host and bucket from different origins (a host whose samples
 * reached two nodes) are combined ({@link StatsRow#plus}).
 */
final class StatsMerge {

    private static final JsonFactory JSON = new JsonFactory();

    private record FieldOrigin(String field, String origin) {}

    private record Cell(String field, String host, long bucket) {}

    private final Map<FieldOrigin, List<StatsRow>> best = new HashMap<>();

    /** Adds one node's rows. */
    void add(List<StatsRow> rows) {
        Map<FieldOrigin, List<StatsRow>> mine = new HashMap<>();
        for (StatsRow r : rows) {
            mine.computeIfAbsent(new FieldOrigin(r.field(), r.origin()), k -> new ArrayList<>()).add(r);
        }
        mine.forEach((key, list) -> {
            List<StatsRow> held = best.get(key);
            if (held == null || count(list) > count(held)) {
                best.put(key, list);
            }
        });
    }

    private static long count(List<StatsRow> rows) {
        long n = 0;
        for (StatsRow r : rows) {
            n += r.count();
        }
        return n;
    }

    /** The merged rows per field, then host, each host's buckets in time order. */
    Map<String, Map<String, List<StatsRow>>> byFieldAndHost() {
        Map<Cell, StatsRow> cells = new HashMap<>();
        best.values().forEach(list -> list.forEach(r -> cells.merge(new Cell(r.field(), r.host(), r.bucket()), r, StatsRow::plus)));
        Map<String, Map<String, List<StatsRow>>> out = new TreeMap<>();
        cells.values().forEach(r -> out.computeIfAbsent(r.field(), f -> new TreeMap<>()).computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r));
        out.values().forEach(hosts -> hosts.values().forEach(list -> list.sort((a, b) -> Long.compare(a.bucket(), b.bucket()))));
        return out;
    }

    /** Reads one node's answer. */
    static List<StatsRow> parse(String body) {
        List<StatsRow> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("rows")) {
                    p.skipChildren();
                    continue;
                }
                expect(value == JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    rows.add(row(p));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a statistics answer: " + e.getMessage());
        }
        return rows;
    }

    private static StatsRow row(JsonParser p) throws IOException {
        Map<String, String> texts = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                texts.put(name, p.getText());
            } else if (value.isNumeric()) {
                numbers.put(name, p.getDoubleValue());
            } else {
                p.skipChildren();
            }
        }
        String field = texts.get("field");
        String host = texts.get("host");
        if (field == null || host == null || !numbers.containsKey("bucket") || !numbers.containsKey("count")) {
            throw new IllegalArgumentException("a statistics row without field, host, bucket or count");
        }
        return new StatsRow(field, texts.getOrDefault("origin", ""), host, numbers.get("bucket").longValue(),
                numbers.get("count").longValue(), numbers.getOrDefault("sum", 0.0), numbers.getOrDefault("min", Double.NaN),
                numbers.getOrDefault("max", Double.NaN), numbers.getOrDefault("last_at", 0.0).longValue(),
                numbers.getOrDefault("last", Double.NaN), numbers.getOrDefault("p95", Double.NaN));
    }

    private static void expect(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("not a statistics answer");
        }
    }
}
