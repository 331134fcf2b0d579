package dev.logq.cli;

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
 * <p>A node whose answer breaks off is dropped from the merge and reported in {@link #failures()};
 * what it sent before stays merged.
 */
final class MergedStream implements AutoCloseable {

    private record Head(EventLine event, int source) {}

    private record Identity(String origin, long seq) {}

    private final List<EventSource> sources;
    private final long limit;
    private final PriorityQueue<Head> heap;
    private final List<NodeFailure> failures = new ArrayList<>();
    private final Set<Identity> seenAtFrontier = new HashSet<>();
    private Instant frontier;
    private boolean started;
    private long emitted;

    /**
     * @param sources the nodes' answers, each in {@code order}
     * @param limit at most this many events, 0 for all
     */
    MergedStream(List<EventSource> sources, Order order, long limit) {
        this.sources = List.copyOf(sources);
        this.limit = limit;
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
        while (limit == 0 || emitted < limit) {
            Head head = heap.poll();
            if (head == null) {
                return null;
            }
            advance(head.source());
            if (isNew(head.event())) {
                emitted++;
                return head.event();
            }
        }
        return null;
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
