package dev.logq.cli;

import java.util.ArrayDeque;
import dev.logq.store.model.Copies;
import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.cli.SearchRequest.Order;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges the nodes' answers, each already in time order, into one time-ordered stream without
 * duplicates, up to a limit.
 *
 * <p>A k-way merge on a heap holding one event per node: memory is one event per node plus the
 * duplicate window, whatever the size of the output. Ties on {@code ts} are broken by
 * {@code (origin, seq)}, then by node, so the output order does not depend on timing.
 *
 * <p>Duplicates: after replication the same event (same {@code origin} and {@code seq}) is on several
 * nodes. Copies share their {@code ts}, and the merged stream is ordered by {@code ts}, so all copies
 * of an event come out while the stream is at that instant. Only the identities seen at the current
 * instant are kept; they are dropped when the stream moves past it. (The sequence number alone could
 * not bound the window: within one origin, ts order is not seq order.) Events without an identity are
 * never taken for duplicates.
 *
 * <p>Copies of one sending ({@link Copies}: a client sent the event to several nodes) have different
 * identities but the same content and {@code ts}. Unless all copies are wanted, the events of one
 * instant are gathered and collapsed by the same rule each node applies, so the answer is the same
 * whether one node is asked or several. Memory grows by one instant's events.
 *
 * <p>A node whose answer breaks off is dropped from the merge and reported in {@link #failures()};
 * what it sent before stays merged.
 */
final class MergedStream implements AutoCloseable {

    private record Head(EventLine event, int source) {}

    private record Identity(String origin, long seq) {}

    /** What makes two events copies of one sending. */
    private record Content(Instant ts, String host, String app, String procid, String msg) {
        static Content of(EventLine e) {
            return new Content(e.ts(), e.host(), e.app(), e.procid(), e.msg());
        }
    }

    private final List<EventSource> sources;
    private final long limit;
    private final boolean allCopies;
    private final List<EventLine> instant = new ArrayList<>();
    private final ArrayDeque<EventLine> shown = new ArrayDeque<>();
    private EventLine lookahead;
    private final PriorityQueue<Head> heap;
    private final List<NodeFailure> failures = new ArrayList<>();
    private final Set<Identity> seenAtFrontier = new HashSet<>();
    private Instant frontier;
    private boolean started;
    private long emitted;

    /**
     * @param sources the nodes' answers, each in {@code order}
     * @param limit at most this many events, 0 for all
     * @param allCopies every copy of one sending, not once per sending
     */
    MergedStream(List<EventSource> sources, Order order, long limit, boolean allCopies) {
        this.sources = List.copyOf(sources);
        this.limit = limit;
        this.allCopies = allCopies;
        Comparator<EventLine> byTime = Comparator.comparing(EventLine::ts)
                .thenComparing(EventLine::origin, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(EventLine::seq);
        if (order == Order.NEWEST) {
            byTime = byTime.reversed();
        }
        Comparator<EventLine> events = byTime;
        this.heap = new PriorityQueue<>(Math.max(1, sources.size()),
                Comparator.<Head, EventLine>comparing(Head::event, events).thenComparingInt(Head::source));
    }

    /** The next event, or null when all answers are merged or the limit is reached. */
    EventLine next() {
        if (!started) {
            started = true;
            for (int i = 0; i < sources.size(); i++) {
                advance(i);
            }
        }
        if (limit != 0 && emitted >= limit) {
            return null;
        }
        EventLine next = allCopies ? nextUnique() : nextShown();
        if (next != null) {
            emitted++;
        }
        return next;
    }

    /** The next event that is not a duplicate of one already returned, or null. */
    private EventLine nextUnique() {
        while (true) {
            Head head = heap.poll();
            if (head == null) {
                return null;
            }
            advance(head.source());
            if (isNew(head.event())) {
                return head.event();
            }
        }
    }

    /** The next event to show once copies are collapsed, one instant at a time; or null. */
    private EventLine nextShown() {
        while (shown.isEmpty()) {
            EventLine first = lookahead != null ? lookahead : nextUnique();
            if (first == null) {
                return null;
            }
            instant.clear();
            instant.add(first);
            EventLine e;
            while ((e = nextUnique()) != null && e.ts().equals(first.ts())) {
                instant.add(e);
            }
            lookahead = e;
            shown.addAll(Copies.collapse(instant, Content::of, EventLine::origin));
        }
        return shown.poll();
    }

    /** Nodes whose answer broke off, in the order that happened. */
    List<NodeFailure> failures() {
        return List.copyOf(failures);
    }

    /** How many identities the duplicate check holds now (it must stay small, whatever the output). */
    int duplicateWindow() {
        return seenAtFrontier.size();
    }

    private void advance(int source) {
        EventSource s = sources.get(source);
        try {
            EventLine next = s.next();
            if (next != null) {
                heap.add(new Head(next, source));
            }
        } catch (NodeException e) {
            failures.add(e.failure());
            s.close();
        }
    }

    private boolean isNew(EventLine event) {
        if (!event.ts().equals(frontier)) {
            frontier = event.ts();
            seenAtFrontier.clear();
        }
        return !event.hasIdentity() || seenAtFrontier.add(new Identity(event.origin(), event.seq()));
    }

    @Override
    public void close() {
        sources.forEach(EventSource::close);
    }
}
