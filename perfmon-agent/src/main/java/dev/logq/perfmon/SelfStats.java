package dev.logq.perfmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * logq-perfmon inside another program: {@code logqd --self-stats} samples its own host with the same
 * code, every group in one object, without a second JVM. One daemon thread, asleep between samples.
 */
public final class SelfStats implements AutoCloseable {

    private final SystemPacer pacer = new SystemPacer();
    private final Thread thread;
    private final String hostname;
    private final long periodSeconds;

    private SelfStats(Path root, int n, Consumer<String> objects, Consumer<Exception> failed) throws IOException {
        Options options;
        try {
            options = Options.parse("-A", Integer.toString(n));
        } catch (Options.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<Group, GroupSampler> samplers = Samplers.of(options.periods().keySet(), root, Clock.systemUTC(), pacer);
        this.hostname = HostReader.hostname(root);
        this.periodSeconds = options.periodSeconds(Group.CPU_TOTAL);
        Output output = new Output() {
            @Override
            public void send(byte[] json, int length, long second) {
                objects.accept(new String(json, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                // the receiver owns what it was given
            }
        };
        SampleWriter writer = new SampleWriter(hostname, samplers, output);
        SampleLoop loop = new SampleLoop(options, samplers, writer, Clock.systemUTC(), pacer, pacer::stopped, null);
        this.thread = Thread.ofPlatform().name("self-stats").daemon().stackSize(256 * 1024).unstarted(() -> {
            try {
                loop.run();
            } catch (IOException | RuntimeException e) {
                failed.accept(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Starts sampling every group of the host under {@code root} at the largest of jsonperfmon's periods
     * (powers of two seconds) that is not longer than {@code periodSeconds}, on the seconds it divides.
     *
     * @param objects  gets each sample's JSON object, on the sampling thread
     * @param failed   gets what ended the sampling (a /proc file that went away), on the sampling thread
     * @throws IllegalArgumentException if {@code root} lacks a file the groups need, or the period is under 1 s
     */
    public static SelfStats start(Path root, long periodSeconds, Consumer<String> objects, Consumer<Exception> failed)
            throws IOException {
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("a sampling period is 1 s or more");
        }
        int n = 64 - Long.numberOfLeadingZeros(Math.min(periodSeconds, 1L << (Options.MAX_N - 1)));
        SelfStats stats = new SelfStats(root, n, objects, failed);
        stats.thread.start();
        return stats;
    }

    /** The host's name, as the samples' {@code server} has it up to the first dot. */
    public String hostname() {
        return hostname;
    }

    /** The name of the host under {@code root}, as {@link #hostname()} will be, before sampling starts. */
    public static String hostname(Path root) throws IOException {
        return HostReader.hostname(root);
    }

    /** The period sampled at: a power of two seconds. */
    public long periodSeconds() {
        return periodSeconds;
    }

    /** Stops sampling: a sample under way is finished and handed over, no new one is started. */
    @Override
    public void close() throws InterruptedException {
        pacer.stop();
        thread.join(5_000);
    }
}
