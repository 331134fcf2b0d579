package dev.logq.store.model;

/**
 * One numeric field of one host's events in one time bucket, as one origin node stored them: what
 * {@code logq stats} aggregates host statistics from. Rows of several origins (the same host's samples
 * reached two nodes) combine with {@link #plus}.
 *
 * @param bucket     the bucket's first epoch second (see {@link CountBy} for alignment)
 * @param count      how many events had the field in the bucket
 * @param lastSecond epoch second of the latest of them, whose value is {@code last}
 * @param p95        the 95th percentile of the values, nearest rank
 */
public record StatsRow(String field, String origin, String host, long bucket, long count, double sum, double min, double max,
        long lastSecond, double last, double p95) {

    /** The mean of the values. */
    public double avg() {
        return sum / count;
    }

    /**
     * This row and another of the same field, host and bucket from another origin, as one (origin ""):
     * counts and sums add up, minimum, maximum and the 95th percentile are the larger bound of the two.
     */
    public StatsRow plus(StatsRow o) {
        boolean later = o.lastSecond > lastSecond;
        return new StatsRow(field, "", host, bucket, count + o.count, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max),
                later ? o.lastSecond : lastSecond, later ? o.last : last, Math.max(p95, o.p95));
    }
}
