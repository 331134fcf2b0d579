package dev.logq.store.internal.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The journal's files: a Chronicle Queue of {@link EventCodec} records, one excerpt per event, in
 * hourly cycle files ({@code yyyyMMdd-HH'F'.cq4}, UTC).
 *
 * <p>Durability: excerpts are written to memory-mapped files, so an appended event survives the
 * process being killed (even {@code kill -9}) as soon as the write returns, but not a power loss or
 * kernel crash before the page cache is written back (Linux does that within about 30 s).
 *
 * <p>The queue's clock is the injected {@link InstantSource}, made monotonic and never earlier than
 * the newest cycle on disk: Chronicle writes to whatever cycle "now" falls in, and a clock stepped
 * back would otherwise append to an old cycle and break the rule that journal indexes only grow.
 */
public final class Journal implements AutoCloseable {

    static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;
    private static final String SUFFIX = SingleChronicleQueue.SUFFIX;
    private static final DateTimeFormatter CYCLE_NAME = DateTimeFormatter.ofPattern(ROLL_CYCLE.format());

    /** One cycle file: the excerpts appended during {@code [start, end)}. */
    public record CycleFile(int cycle, Path path, Instant start, Instant end) {}

    private final Path dir;
    private final SingleChronicleQueue queue;

    private Journal(Path dir, SingleChronicleQueue queue) {
        this.dir = dir;
        this.queue = queue;
    }

    public static Journal open(Path dir, InstantSource clock) throws IOException {
        Files.createDirectories(dir);
        long floor = cycleFiles(dir).stream().mapToLong(c -> c.start().toEpochMilli()).max().orElse(Long.MIN_VALUE);
        try {
            SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                    .rollCycle(ROLL_CYCLE)
                    .blockSize(16L << 20)  // mapped 16 MiB at a time, not 64: less of the file resident in logqd's RSS
                    .timeProvider(new MonotonicTime(clock, floor))
                    .build();
            return new Journal(dir, queue);
        } catch (RuntimeException e) {
            throw new IOException("cannot open the journal in " + dir + ": " + e.getMessage()
                    + " (is another logqd using this data directory? are the JVM flags for Chronicle set?)", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** An appender; use it from one thread only and close it there. */
    public ExcerptAppender appender() {
        return queue.createAppender();
    }

    /** A tailer at the start; use it from one thread only and close it there. */
    public ExcerptTailer tailer() {
        return queue.createTailer();
    }

    /** A journal index for messages: hexadecimal (cycle and position are visible in it), or "none" for -1. */
    public static String describe(long index) {
        return index < 0 ? "none" : Long.toHexString(index);
    }

    /** Moves the tailer past one excerpt; false if there was none. */
    public static boolean skipOne(ExcerptTailer tailer) {
        try (DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent();
        }
    }

    /** Index of the last excerpt, or -1 if the journal is empty. */
    public long lastIndex() {
        return queue.lastIndex();
    }

    /** Index of the first excerpt still on disk, or {@link Long#MAX_VALUE} if the journal is empty. */
    long firstIndex() {
        return queue.firstIndex();
    }

    /** The index of the first excerpt a cycle can hold, for the cycle of {@code index}. */
    public static long firstIndexOfCycle(long index) {
        return ROLL_CYCLE.toIndex(ROLL_CYCLE.toCycle(index), 0);
    }

    public int cycleOf(long index) {
        return ROLL_CYCLE.toCycle(index);
    }

    /** The cycle "now" falls in, which appends go to. */
    public int currentCycle() {
        return queue.cycle();
    }

    /** Excerpts in the whole journal. */
    public long entryCount() {
        return queue.entryCount();
    }

    /** Excerpts after {@code index} (exclusive) up to the end; all of them if index is -1. */
    public long countAfter(long index) {
        long last = queue.lastIndex();
        if (last < 0 || index >= last) {
            return 0;
        }
        long first = queue.firstIndex();
        if (index < first) {
            return queue.entryCount();
        }
        return queue.countExcerpts(index, last);  // [index, last): the same count as (index, last]
    }

    /** The file a cycle's excerpts are in (it may not exist). */
    Path fileOf(int cycle) {
        return dir.resolve(CYCLE_NAME.format(LocalDateTime.ofEpochSecond(cycle * (ROLL_CYCLE.lengthInMillis() / 1000), 0,
                ZoneOffset.UTC)) + SUFFIX);
    }

    /** When a cycle's hour starts. */
    public static Instant startOf(int cycle) {
        return Instant.ofEpochMilli(cycle * (long) ROLL_CYCLE.lengthInMillis());
    }

    public List<CycleFile> cycleFiles() throws IOException {
        return cycleFiles(dir);
    }

    /**
     * Deletes one cycle file. The caller has made sure no reader needs it and it is not the newest;
     * Chronicle keeps reading any file it still has mapped (Linux unlinks, the mapping stays).
     */
    public void delete(CycleFile file) throws IOException {
        Files.deleteIfExists(file.path());
        queue.refreshDirectoryListing();
    }

    public long bytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                total += Files.isRegularFile(p) ? Files.size(p) : 0;
            }
            return total;
        }
    }

    private static List<CycleFile> cycleFiles(Path dir) throws IOException {
        List<CycleFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(SUFFIX)) {
                    continue;
                }
                try {
                    Instant start = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), CYCLE_NAME)
                            .toInstant(ZoneOffset.UTC);
                    int cycle = (int) (start.toEpochMilli() / ROLL_CYCLE.lengthInMillis());
                    files.add(new CycleFile(cycle, p, start, start.plusMillis(ROLL_CYCLE.lengthInMillis())));
                } catch (DateTimeParseException e) {
                    // not a cycle file of ours; leave it alone
                }
            }
        }
        files.sort(Comparator.comparingInt(CycleFile::cycle));
        return files;
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Chronicle's clock: the injected one, never going back and never before {@code floor}. */
    private static final class MonotonicTime implements TimeProvider {
        private final InstantSource clock;
        private final AtomicLong last;

        MonotonicTime(InstantSource clock, long floor) {
            this.clock = clock;
            this.last = new AtomicLong(floor);
        }

        @Override
        public long currentTimeMillis() {
            long now = clock.millis();
            return last.accumulateAndGet(now, Math::max);
        }
    }
}
