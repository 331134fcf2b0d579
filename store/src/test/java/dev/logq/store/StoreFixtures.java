package dev.logq.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.logq.store.internal.index.Partition;
import dev.logq.store.internal.journal.EventCodec;
import dev.logq.store.internal.journal.Journal;
import dev.logq.store.internal.search.SearchPlan;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Query;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.lucene.search.IndexSearcher;

/** Shared by the store tests: a clock tests move by hand, events, configs, polling and journal reading. */
final class StoreFixtures {

    static final Instant T0 = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private StoreFixtures() {}

    /** A clock that stands still until a test moves it. */
    static final class MutableClock implements InstantSource {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        void set(Instant t) {
            now.set(t);
        }
    }

    /** Fast refresh and commit, so tests wait little. */
    static StoreConfig config(Path dir, String node) {
        return new StoreConfig(dir, node, null, null, Duration.ofMillis(20), Duration.ofMillis(100), 0, 0);
    }

    static StoreConfig config(Path dir, String node, Duration period, Duration retention) {
        return new StoreConfig(dir, node, period, retention, Duration.ofMillis(20), Duration.ofMillis(100), 0, 0);
    }

    static Event event(Instant ts, String host, String app, Severity severity, String msg) {
        return new Event(ts, ts, host, app, null, null, Facility.USER, severity, msg, Map.of(), null, null, Event.NO_SEQ,
                "test");
    }

    static Event event(Instant ts, String msg) {
        return event(ts, "web1", "app", Severity.INFO, msg);
    }

    /** Polls until the condition holds; fails after the deadline. Never a fixed sleep. */
    static void await(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("timed out after " + deadline + " waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }

    /** Waits until the indexer has read everything in the journal and the searchers see it. */
    static void awaitIndexed(Store store) {
        await("the index caught up with the journal", Duration.ofSeconds(30), () -> {
            long last = store.journal().lastIndex();
            return store.indexer().position() == last && store.indexer().durablePosition() == last;
        });
        refresh(store);
    }

    /** Makes everything indexed so far searchable now (instead of waiting for the timer). */
    static void refresh(Store store) {
        try {
            for (Partition p : store.partitions().all()) {
                p.refresh();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** How many documents the plan's Lucene query finds in every partition: the candidates, before their check. */
    static int candidates(Store store, SearchPlan plan) {
        int candidates = 0;
        try {
            for (Partition p : store.partitions().all()) {
                IndexSearcher s = p.acquire();
                try {
                    candidates += s.count(plan.luceneQuery(p));
                } finally {
                    p.release(s);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return candidates;
    }

    static List<Event> search(Store store, Query q) {
        List<Event> found = new ArrayList<>();
        try {
            store.search(q, found::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    static List<Event> all(Store store) {
        return search(store, Query.all());
    }

    /** Every event in the journal, in journal order, read with a tailer of its own. */
    static List<Event> journalEvents(Journal journal) {
        List<Event> events = new ArrayList<>();
        try (ExcerptTailer tailer = journal.tailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return events;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    byte[] b = new byte[(int) bytes.readRemaining()];
                    bytes.read(b);
                    events.add(EventCodec.decode(b));
                }
            }
        }
    }

    record Id(String origin, long seq) {}

    static Set<Id> ids(List<Event> events) {
        Set<Id> ids = new java.util.HashSet<>();
        for (Event e : events) {
            ids.add(new Id(e.origin(), e.seq()));
        }
        return ids;
    }
}
