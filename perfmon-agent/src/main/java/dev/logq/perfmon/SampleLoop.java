package dev.logq.perfmon;

import java.io.IOException;

/**
 * The sampling schedule. The first reading is only a baseline: rates and shares need two readings, and
 * jsonperfmon's first sample printed counters since boot as if they were one period's worth. So the
 * loop reads, waits one period, reads again and prints the difference; {@code -c 1} therefore prints
 * one full sample after one period.
 *
 * <p>Deadlines are fixed-rate from the baseline, so sampling does not drift by the time a sample takes.
 * When the process was stopped or the machine suspended past whole periods, the missed ones are skipped
 * rather than printed in a burst; rates divide by the measured interval, so they stay right either way.
 */
final class SampleLoop {

    private final HostReader reader;
    private final SampleWriter writer;
    private final Pacer pacer;
    private final long period;
    private final long count;

    SampleLoop(HostReader reader, SampleWriter writer, Pacer pacer, long periodNanos, long count) {
        this.reader = reader;
        this.writer = writer;
        this.pacer = pacer;
        this.period = periodNanos;
        this.count = count;
    }

    /** Prints {@code count} samples, then returns. */
    void run() throws IOException, InterruptedException {
        Reading before = reader.read();
        long deadline = before.nanos();
        for (long printed = 0; printed < count; printed++) {
            deadline = nextDeadline(deadline, pacer.nanoTime(), period);
            pacer.sleepUntil(deadline);
            Reading after = reader.read();
            writer.write(before, after);
            before = after;
        }
    }

    /** The next deadline one period after {@code deadline}, or the first one after {@code now} if that passed. */
    static long nextDeadline(long deadline, long now, long period) {
        long next = deadline + period;
        if (now - next > 0) {
            next += ((now - next) / period + 1) * period;
        }
        return next;
    }
}
