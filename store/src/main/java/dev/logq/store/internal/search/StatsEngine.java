package dev.logq.store.internal.search;

import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.EventFields;
import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.index.Partitions;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.HostSamples;
import dev.logq.store.model.Query;
import dev.logq.store.model.StatsRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.NumericUtils;

/**
 * Host statistics: numeric fields of the selected events aggregated per origin, host and time bucket
 * ({@link StatsRow}), from the index alone: the host from its doc values, the time from the index sort's
 * key, and each value from a sample's own numeric doc values ({@link EventDocument#STAT_PREFIX}), or for
 * other events from the field's value lists ({@link FieldValues}), whose texts are parsed once per
 * segment. An event is read only where a value is in neither (a fraction of an event that is no sample).
 * A field name with {@code *} stands for the samples' fields it matches ({@link #expand}). Every stored copy counts
 * (samples reach one node, which replicates them under its own name, so copies are rare; the CLI
 * merges per origin as for counts).
 */
public final class StatsEngine {

    private static final CountBy BY_HOST = new CountBy(CountBy.Kind.HOST, 0, 0);

    private final Partitions partitions;
    private final Journal journal;

    public StatsEngine(Partitions partitions, Journal journal) {
        this.partitions = partitions;
        this.journal = journal;
    }

    /** The values of one field, host, origin and bucket, gathered. */
    private static final class Acc {
        double[] values = new double[8];
        int count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long lastSecond = Long.MIN_VALUE;
        double last;

        void add(double v, long second) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (second >= lastSecond) {
                lastSecond = second;
                last = v;
            }
        }

        /** The 95th percentile, nearest rank. */
        double p95() {
            double[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(0.95 * count) - 1)];
        }
    }

    private record Key(String field, String origin, String host, long bucket) {}

    /**
     * The rows for each field of {@code fields}, by field, host, bucket and origin.
     *
     * @param buckets a {@link CountBy.Kind#TIME} count's buckets
     */
    public List<StatsRow> stats(Query query, List<String> fields, CountBy buckets) throws IOException {
        SearchPlan plan = new SearchPlan(query, null);
        Map<Key, Acc> accs = new HashMap<>();
        if (!plan.selectsNothing() && !fields.isEmpty()) {
            try (ExcerptReader reader = new ExcerptReader(journal)) {
                for (Partition p : partitions.overlapping(plan.lo(), plan.hi(), false)) {
                    IndexSearcher searcher = p.acquire();
                    if (searcher == null) {
                        continue;
                    }
                    try {
                        Weight weight = QueryEngine.weight(searcher, plan.luceneQuery(p));
                        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                            gather(weight, leaf, plan, reader, fields, buckets, accs);
                        }
                    } finally {
                        p.release(searcher);
                    }
                }
            }
        }
        List<StatsRow> rows = new ArrayList<>(accs.size());
        accs.forEach((k, a) -> rows.add(new StatsRow(k.field(), k.origin(), k.host(), k.bucket(), a.count, a.sum, a.min,
                a.max, a.lastSecond, a.last, a.p95())));
        rows.sort(Comparator.comparing(StatsRow::field).thenComparing(StatsRow::host).thenComparingLong(StatsRow::bucket)
                .thenComparing(StatsRow::origin));
        return rows;
    }

    private static void gather(Weight weight, LeafReaderContext leaf, SearchPlan plan, ExcerptReader reader, List<String> asked,
            CountBy buckets, Map<Key, Acc> accs) throws IOException {
        CountCursor c = CountCursor.open(weight, leaf, plan, reader);
        if (c == null) {
            return;
        }
        List<String> fields = expand(asked, leaf);
        FieldValues[] values = new FieldValues[fields.size()];
        NumericDocValues[] numbers = new NumericDocValues[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = new FieldValues(leaf.reader(), fields.get(i));
            numbers[i] = leaf.reader().getNumericDocValues(EventDocument.STAT_PREFIX + fields.get(i));
        }
        int[] ords = new int[EventFields.MAX_VALUES];
        // documents come in time order, mostly one host after another within a second: the last keys repeat
        Key[] last = new Key[values.length];
        Acc[] lastAcc = new Acc[values.length];
        while (c.advance()) {
            String host = c.group(BY_HOST);
            long second = Math.floorDiv(c.timeKey(), 1_000_000_000L);
            long bucket = buckets.bucketOf(second);
            String origin = null;
            for (int i = 0; i < values.length; i++) {
                Double v;
                if (numbers[i] != null && numbers[i].advanceExact(c.doc())) {
                    v = NumericUtils.sortableLongToDouble(numbers[i].longValue());  // a sample's own doc values
                } else if ((v = values[i].number(c.doc(), ords)) == null) {
                    v = fromEvent(c, fields.get(i));
                }
                if (v.isNaN()) {
                    continue;
                }
                if (origin == null) {
                    origin = c.origin();
                }
                Key key = last[i];
                if (key == null || key.bucket() != bucket || !key.host().equals(host) || !key.origin().equals(origin)) {
                    key = last[i] = new Key(fields.get(i), origin, host, bucket);
                    lastAcc[i] = accs.computeIfAbsent(key, k -> new Acc());
                }
                lastAcc[i].add(v, second);
            }
        }
    }

    /**
     * The fields asked for, a name with {@code *} (any part of a name, dots too) replaced by the samples'
     * field names in the segment that it matches: they are the segment's {@link EventDocument#STAT_PREFIX}
     * fields, so a glob costs a look at the segment's field list, not at its documents.
     */
    static List<String> expand(List<String> asked, LeafReaderContext leaf) {
        List<Pattern> globs = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (String name : asked) {
            if (name.indexOf('*') >= 0) {
                globs.add(HostSamples.namePattern(name));
            } else {
                fields.add(name);
            }
        }
        if (!globs.isEmpty()) {
            for (FieldInfo info : leaf.reader().getFieldInfos()) {
                if (info.name.startsWith(EventDocument.STAT_PREFIX)) {
                    String name = info.name.substring(EventDocument.STAT_PREFIX.length());
                    if (!fields.contains(name) && globs.stream().anyMatch(g -> g.matcher(name).matches())) {
                        fields.add(name);
                    }
                }
            }
        }
        return fields;
    }

    /** The field's first numeric value in the stored event, for a value too long for the index's lists. */
    private static Double fromEvent(CountCursor c, String field) throws IOException {
        for (EventFields.Value v : EventFields.of(c.event())) {
            if (v.name().equals(field) && v.numeric()) {
                return v.number();
            }
        }
        return Double.NaN;
    }
}
