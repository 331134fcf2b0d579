package dev.logq.store.internal.index;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * How event time maps to index partitions: one per {@code period}, aligned to multiples of the period
 * since the epoch (so a 1-day period starts at 00:00 UTC), named after its start in UTC as
 * {@code yyyyMMdd'T'HH} (e.g. {@code 20261124T00}), which sorts in time order.
 *
 * <p>A partition is identified by its start in epoch seconds. Its key range is
 * {@code [first, last]} in {@link TimeKey} nanoseconds, inclusive, so the partitions at the clamped
 * ends of time still hold the clamped keys.
 */
public final class PartitionScheme {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH");

    private final Duration period;
    private final long periodSeconds;

    public PartitionScheme(Duration period) {
        this.period = period;
        this.periodSeconds = period.toSeconds();
    }

    Duration period() {
        return period;
    }

    /** Start (epoch seconds) of the partition holding this time key. */
    long startOf(long timeKey) {
        long seconds = Math.floorDiv(timeKey, 1_000_000_000L);
        return Math.floorDiv(seconds, periodSeconds) * periodSeconds;
    }

    /** First time key of the partition starting at {@code start}. */
    long firstKey(long start) {
        return TimeKey.ofSeconds(start);
    }

    /** Last time key (inclusive) of the partition starting at {@code start}. */
    long lastKey(long start) {
        long next = TimeKey.ofSeconds(start + periodSeconds);
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : next - 1;
    }

    /** When the partition's period ends (exclusive). */
    Instant end(long start) {
        return Instant.ofEpochSecond(start + periodSeconds);
    }

    String name(long start) {
        return NAME.format(LocalDateTime.ofEpochSecond(start, 0, ZoneOffset.UTC));
    }

    /** The start a directory name stands for, if it is a partition name. */
    OptionalLong parse(String name) {
        try {
            long start = LocalDateTime.parse(name, NAME).toEpochSecond(ZoneOffset.UTC);
            return name.equals(name(start)) ? OptionalLong.of(start) : OptionalLong.empty();
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
