package dev.logq.collector.internal.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one group of a rule stands (the whole rule, or one host or app of it), saved with the rest of
 * the alert state so that a restart neither forgets a firing alert nor sends it again. Times are epoch
 * milliseconds, 0 for never. An "episode" is what a notification reports: the matches from the first one
 * after the group was last clear, until it clears again.
 */
final class GroupState {

    static final int FIRST_EVENTS = 5;
    static final int HOSTS = 20;
    static final int BUCKETS = 60;
    static final int LINE_CHARS = 1000;

    public boolean firing;
    /** Whether the message that it fires went out (false while silenced, or left to the rule's owner, see {@code sentBy}). */
    public boolean notified;
    public long lastSent;
    /** The newest received time of a matching event: for absent, when the host was last heard. */
    public long lastMatch;
    public long episodeCount;
    public long sinceLastMessage;
    public long firstTs;
    public long lastTs;
    public Map<String, Long> hosts = new LinkedHashMap<>();
    public List<String> events = new ArrayList<>();
    /** For count: matches per bucket of window/{@value #BUCKETS}, a ring ending at bucket number {@code newestBucket}. */
    public long[] buckets;
    public long newestBucket;
    /** For thresholds: the sample time the current run of samples beyond the threshold began, 0 if none. */
    public long beyondSince;
    public double lastValue = Double.NaN;

    boolean inEpisode() {
        return episodeCount > 0;
    }

    void match(String host, long ts, Supplier<String> line) {
        if (episodeCount == 0) {
            firstTs = ts;
        }
        episodeCount++;
        sinceLastMessage++;
        lastTs = Math.max(lastTs, ts);
        if (hosts.containsKey(host) || hosts.size() < HOSTS) {
            hosts.merge(host, 1L, Long::sum);
        } else {
            hosts.merge("(others)", 1L, Long::sum);
        }
        if (events.size() < FIRST_EVENTS) {
            events.add(shortened(line.get()));
        }
    }

    /** A line as a notification shows it: at most {@value #LINE_CHARS} characters, a long message cut with "…". */
    static String shortened(String line) {
        if (line.length() <= LINE_CHARS) {
            return line;
        }
        int cut = Character.isHighSurrogate(line.charAt(LINE_CHARS - 1)) ? LINE_CHARS - 1 : LINE_CHARS;
        return line.substring(0, cut) + "…";
    }

    void endEpisode() {
        episodeCount = 0;
        sinceLastMessage = 0;
        firstTs = 0;
        hosts.clear();
        events.clear();
    }

    /** Counts a match received at {@code at} in the window's buckets of {@code bucketMs} each. */
    void countIn(long at, long bucketMs) {
        long bucket = at / bucketMs;
        slide(bucket);
        if (bucket > newestBucket - BUCKETS) {
            buckets[(int) Math.floorMod(bucket, BUCKETS)]++;
        }
    }

    /** The matches of the window that ends at {@code now}. */
    long windowCount(long now, long bucketMs) {
        slide(now / bucketMs);
        long sum = 0;
        for (long b : buckets) {
            sum += b;
        }
        return sum;
    }

    private void slide(long bucket) {
        if (buckets == null) {
            buckets = new long[BUCKETS];
            newestBucket = bucket;
            return;
        }
        if (bucket <= newestBucket) {
            return;
        }
        long steps = Math.min(bucket - newestBucket, BUCKETS);
        for (long i = 1; i <= steps; i++) {
            buckets[(int) Math.floorMod(newestBucket + i, BUCKETS)] = 0;
        }
        newestBucket = bucket;
    }
}
