package dev.logq.perfmon;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * jsonperfmon's schedule. One tick per wall-clock second; a group is due at the seconds its period
 * divides (so every host's samples line up on the same seconds). At a tick, each due group takes a
 * reading; the groups that join the main object are written in one, then each group with an object of
 * its own in its own, every object stamped with the tick's second.
 *
 * <p>Every group takes a baseline reading at start and is written at its first due tick at least half a
 * period later (a tick a few milliseconds after start would measure rates over those milliseconds).
 * Rates divide by the monotonic time between a group's readings, so a late tick, a stopped process or a
 * suspended host changes no rate; ticks missed meanwhile are skipped, not printed in a burst.
 */
final class SampleLoop {

    private final Options options;
    private final Map<Group, GroupSampler> samplers;
    private final SampleWriter writer;
    private final InstantSource clock;
    private final Pacer pacer;
    private final BooleanSupplier stopping;
    private final Confirm confirm;
    private final Map<Group, Long> readAt = new EnumMap<>(Group.class);

    /**
     * @param stopping true once the program should end: checked before each wait and each tick
     * @param confirm  rsyslog improg's dialogue ({@code -r}), or null
     */
    SampleLoop(Options options, Map<Group, GroupSampler> samplers, SampleWriter writer, InstantSource clock, Pacer pacer,
            BooleanSupplier stopping, Confirm confirm) {
        this.options = options;
        this.samplers = samplers;
        this.writer = writer;
        this.clock = clock;
        this.pacer = pacer;
        this.stopping = stopping;
        this.confirm = confirm;
    }

    /** Runs until {@code count} ticks printed something, or until stopped. */
    void run() throws IOException, InterruptedException {
        if (confirm != null && !confirm.awaitStart()) {
            return;
        }
        // One time for every baseline, though reading them takes a while (tens of milliseconds cold): groups
        // due at the same tick then pass the half-period test together, and the first object has all of them,
        // not only those whose baseline was read first. Rates use each sampler's own times, not this one.
        long baseline = pacer.nanoTime();
        for (Map.Entry<Group, GroupSampler> s : samplers.entrySet()) {
            s.getValue().read();
            readAt.put(s.getKey(), baseline);
        }
        long printed = 0;
        while (printed < options.count() && !stopping.getAsBoolean()) {
            long nowMillis = clock.millis();
            long second = nextTick(Math.floorDiv(nowMillis, 1000));
            pacer.sleepUntil(pacer.nanoTime() + (second * 1000 - nowMillis) * 1_000_000);
            if (stopping.getAsBoolean()) {
                return;
            }
            if (Math.floorDiv(clock.millis(), 1000) > second) {
                continue; // woke in a later second (stopped, suspended): that tick is missed, plan the next
            }
            List<Group> main = new ArrayList<>();
            List<Group> own = new ArrayList<>();
            for (Group group : samplers.keySet()) {
                if (due(group, second) && read(group)) {
                    (options.ownObject(group) ? own : main).add(group);
                }
            }
            int objects = writer.write(main, own, second);
            if (objects > 0) {
                printed++;
                if (confirm != null && !confirm.acknowledged(objects)) {
                    return;
                }
            }
        }
    }

    /** The first second after {@code second} at which some group is due. */
    long nextTick(long second) {
        long next = Long.MAX_VALUE;
        for (Group group : samplers.keySet()) {
            long period = options.periodSeconds(group);
            next = Math.min(next, (Math.floorDiv(second, period) + 1) * period);
        }
        return next;
    }

    private boolean due(Group group, long second) {
        return Math.floorMod(second, options.periodSeconds(group)) == 0;
    }

    /** Takes the group's reading if half a period passed since its last; false if it is too soon. */
    private boolean read(Group group) throws IOException {
        long now = pacer.nanoTime();
        if (now - readAt.get(group) < options.periodSeconds(group) * 500_000_000L) {
            return false;
        }
        samplers.get(group).read();
        readAt.put(group, now);
        return true;
    }
}
