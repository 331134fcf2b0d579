package dev.logq.store.internal.search;

import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.model.Event;
import dev.logq.store.model.FollowSink;
import dev.logq.store.model.Query;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@code logq -f} on one node: the events of the journal that match a query, from a starting point on,
 * as they are appended (the node's own and those replicated to it), each with its journal position.
 *
 * <p>Reads the journal, not the index: a new event is followed as soon as it is appended, without
 * waiting for the index, and a position names one event exactly, so a follower that reconnects with
 * the last position it saw misses and repeats nothing. Where it starts:
 * <ul>
 * <li>after {@code after} if that is 0 or more (a reconnect; if retention deleted that point, from
 *     the oldest event still there);</li>
 * <li>else, scanning back from the end of the journal (up to its start, or with a {@code since} in the
 *     query to the first event received at or after it): with a backlog, its {@code backlog} newest
 *     matches come first, then what is appended after the end; without, every match from the earliest
 *     one since on;</li>
 * <li>else (no backlog, no since) at the end: only what is appended from now on.</li>
 * </ul>
 * Polls every {@value #POLL_MS} ms while nothing new comes. One thread per follower, which this runs on.
 */
public final class Follower {

    static final long POLL_MS = 20;
    private static final int BLOCK = 4096;

    private final Journal journal;
    private final SearchPlan plan;
    private final Instant since;

    public Follower(Journal journal, Query query) {
        this.journal = journal;
        this.plan = new SearchPlan(query);
        this.since = query.since();
    }

    /**
     * Follows until the sink says stop or {@code stopping} turns true.
     *
     * @param after the journal position to resume after, or -1
     * @param backlog without {@code after}: how many of the newest matches to start with
     */
    public void run(long after, int backlog, FollowSink sink, BooleanSupplier stopping) throws IOException {
        if (plan.selectsNothing()) {
            while (!stopping.getAsBoolean() && sink.idle()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
            }
            return;
        }
        try (ExcerptTailer tailer = journal.tailer()) {
            if (!start(tailer, after, backlog, sink)) {
                return;
            }
            byte[][] buf = {new byte[1024]};
            while (!stopping.getAsBoolean()) {
                Event matched = null;
                long position;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        if (!sink.idle()) {
                            return;
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
                        continue;
                    }
                    position = dc.index();
                    Event e = read(dc, buf);
                    if (e != null && plan.selects(e)) {
                        matched = e;
                    }
                }
                if (matched != null && !sink.accept(matched, position)) {
                    return;
                }
            }
        }
    }

    /** A match found scanning back, handed to the sink once the scan is done. */
    private record Found(Event event, long position) {}

    /**
     * Puts the tailer where following starts (see the class comment); a backlog found scanning back is
     * handed to the sink first. Returns false if the sink said stop.
     */
    private boolean start(ExcerptTailer tailer, long after, int backlog, FollowSink sink) throws IOException {
        if (after >= 0) {
            if (tailer.moveToIndex(after)) {
                Journal.skipOne(tailer);
            } else {
                tailer.toStart();
                while (tailer.index() <= after && Journal.skipOne(tailer)) {
                    // retention deleted the point: skip to what is still there after it
                }
            }
            return true;
        }
        long end = journal.lastIndex();
        if (end < 0 || (backlog == 0 && since == null)) {
            tailer.toEnd();
            return true;
        }

        // Scan back from the last excerpt there is now: a backlog is at most `backlog` events, held
        // here; without one (every match since) only the earliest match's position is kept. Chronicle
        // reads backwards one excerpt at a time by looking each one up (2 us each), so the scan goes
        // back in blocks of BLOCK excerpts, each read forwards (0.1 us each), newest block first.
        ArrayDeque<Found> found = new ArrayDeque<>();
        long earliestMatch = -1;
        List<Found> block = new ArrayList<>();
        byte[][] buf = {new byte[1024]};
        long upTo = end;  // inclusive: the newest excerpt of the next block back
        scan:
        while (upTo >= 0) {
            long cycleStart = Journal.firstIndexOfCycle(upTo);
            long from = Math.max(cycleStart, upTo - BLOCK + 1);
            block.clear();
            boolean reachedSince = false;
            if (tailer.moveToIndex(from)) {
                while (tailer.index() <= upTo) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            break;
                        }
                        Event e = read(dc, buf);
                        if (e != null) {
                            block.add(new Found(e, dc.index()));
                        }
                    }
                }
            }
            for (Found f : block.reversed()) {
                if (since != null && f.event().received().isBefore(since)) {
                    reachedSince = true;  // received before the window: so is everything before it
                    break;
                }
                if (plan.selects(f.event())) {
                    if (backlog > 0) {
                        found.addFirst(f);
                        if (found.size() == backlog) {
                            break scan;
                        }
                    } else {
                        earliestMatch = f.position();
                    }
                }
            }
            if (reachedSince) {
                break;
            }
            upTo = from > cycleStart ? from - 1 : lastOfCycleBefore(tailer, cycleStart);
        }
        if (earliestMatch >= 0) {
            tailer.moveToIndex(earliestMatch);
            return true;
        }
        for (Found f : found) {
            if (!sink.accept(f.event(), f.position())) {
                return false;
            }
        }
        if (tailer.moveToIndex(end)) {
            Journal.skipOne(tailer);
        } else {
            tailer.toEnd();
        }
        return true;
    }

    /** The index of the last excerpt before a cycle's first, or -1 if there is none. */
    private static long lastOfCycleBefore(ExcerptTailer tailer, long cycleStart) {
        tailer.direction(TailerDirection.BACKWARD);
        try {
            if (!tailer.moveToIndex(cycleStart) || !Journal.skipOne(tailer)) {
                return -1;
            }
            long before = tailer.index();
            return before < cycleStart && before >= 0 ? before : -1;
        } finally {
            tailer.direction(TailerDirection.FORWARD);
        }
    }

    /** Decodes the excerpt being read, reusing {@code buf[0]}; null if it is not a readable record. */
    private static Event read(DocumentContext dc, byte[][] buf) {
        Bytes<?> bytes = dc.wire().bytes();
        int len = (int) bytes.readRemaining();
        if (len > buf[0].length) {
            buf[0] = new byte[Math.max(len, buf[0].length * 2)];
        }
        bytes.read(buf[0], 0, len);
        return decode(buf[0], len);
    }

    private static Event decode(byte[] buf, int len) {
        try {
            return EventCodec.decode(buf, 0, len);
        } catch (RuntimeException e) {
            return null;  // the indexer logs an unreadable record once; a follower skips it
        }
    }
}
