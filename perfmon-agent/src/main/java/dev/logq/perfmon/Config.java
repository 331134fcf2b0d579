package dev.logq.perfmon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to sample, how often and how many times; validated once, by {@link #of}, then frozen.
 *
 * @param root         directory holding {@code proc/} and {@code etc/}
 * @param groups       the groups to print, in output order, at least one
 * @param periodNanos  time between samples
 * @param linePerGroup print each group on its own line ({@code -p} negative)
 * @param count        samples to print before exiting; {@link Long#MAX_VALUE} for no end
 */
record Config(Path root, List<Group> groups, long periodNanos, boolean linePerGroup, long count) {

    /** The largest |n| of {@code -p n}: 2^15 s, about nine hours. */
    static final int MAX_PERIOD_EXPONENT = 16;

    Config {
        groups = List.copyOf(groups);
    }

    /**
     * Builds the configuration from the flags.
     *
     * @param period jsonperfmon's {@code -p n}: 2^(|n|-1) seconds, negative for a line per group
     * @param count  {@code -c}, or null for no end
     * @throws IllegalArgumentException naming the flag, the value and what is allowed
     */
    static Config of(Path root, boolean all, boolean cpuTotal, boolean cpus, boolean memory, int period, Long count) {
        if (period == 0 || Math.abs(period) > MAX_PERIOD_EXPONENT) {
            throw new IllegalArgumentException("-p " + period + " is not a period: use n from 1 to " + MAX_PERIOD_EXPONENT
                    + " for 2^(n-1) seconds (1 = 1 s, 2 = 2 s, 3 = 4 s), negative to print each group on its own line");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("-c " + count + " must be at least 1 (leave it out to run until stopped)");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + " is not a directory");
        }
        boolean none = !cpuTotal && !cpus && !memory;
        List<Group> groups = new ArrayList<>();
        if (all || none || cpuTotal) {
            groups.add(Group.CPU_TOTAL);
        }
        if (all || none || cpus) {
            groups.add(Group.CPUS);
        }
        if (all || none || memory) {
            groups.add(Group.MEMORY);
        }
        long periodNanos = 1_000_000_000L << (Math.abs(period) - 1);
        return new Config(root, groups, periodNanos, period < 0, count == null ? Long.MAX_VALUE : count);
    }
}
