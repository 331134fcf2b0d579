package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.cli.NodeFailure.Kind;
import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.cli.SearchRequest.Order;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedStreamTest {

    /** A node's answer from memory; it breaks off after {@code breakAfter} events if that is not -1. */
    static final class ListSource implements EventSource {
        final URI node;
        final Iterator<EventLine> events;
        int left;
        boolean closed;

        ListSource(String node, List<String> lines, int breakAfter) {
            this.node = URI.create("http://" + node);
            this.events = lines.stream().map(EventLine::parse).iterator();
            this.left = breakAfter;
        }

        ListSource(String node, String... lines) {
            this(node, List.of(lines), -1);
        }

        @Override
        public URI node() {
            return node;
        }

        @Override
        public EventLine next() throws NodeException {
            if (left-- == 0) {
                throw new NodeException(new NodeFailure(node, Kind.CUT, "connection reset"));
            }
            return events.hasNext() ? events.next() : null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static String e(String time, String msg, String origin, long seq) {
        return Events.event("2026-11-24T09:00:" + time + "Z", msg, origin, seq);
    }

    static List<String> drain(MergedStream merged) {
        List<String> out = new ArrayList<>();
        for (EventLine event = merged.next(); event != null; event = merged.next()) {
            out.add(event.msg());
        }
        return out;
    }

    @Test
    void threeAnswersMergeIntoTimeOrder() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("a", e("01", "a1", "a", 1), e("04", "a4", "a", 2), e("07", "a7", "a", 3)),
                new ListSource("b", e("02", "b2", "b", 1), e("05", "b5", "b", 2)),
                new ListSource("c", e("03", "c3", "c", 1), e("06", "c6", "c", 2), e("08", "c8", "c", 3), e("09", "c9", "c", 4))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("a1", "b2", "c3", "a4", "b5", "c6", "a7", "c8", "c9"), drain(merged));
    }

    @Test
    void copiesOfOneSendingShowOnceAcrossNodesEvenWhenEachNodeShowsAnotherCopy() {
        // A client sent "A" to n1 and n2, "B" twice to n1 and n3. Node x lacks n1's copy of A (it lags),
        // so it shows n2's; node y shows n1's. Each instant still shows what the client sent.
        MergedStream merged = new MergedStream(List.of(
                new ListSource("x", e("01", "A", "n2", 4), e("02", "B", "n3", 8), e("02", "B", "n3", 9)),
                new ListSource("y", e("01", "A", "n1", 1), e("02", "B", "n1", 2), e("02", "B", "n1", 3), e("03", "C", "n1", 5))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("A", "B", "B", "C"), drain(merged));
    }

    @Test
    void allCopiesShowsEachStoredCopyOnceAndTheLimitCountsWhatIsShown() {
        List<String> x = List.of(e("01", "A", "n2", 4), e("02", "B", "n3", 8));
        List<String> y = List.of(e("01", "A", "n1", 1), e("01", "A", "n2", 4), e("02", "B", "n1", 2), e("03", "C", "n1", 5));
        assertEquals(List.of("A", "A", "B", "B", "C"), drain(new MergedStream(
                List.of(new ListSource("x", x, -1), new ListSource("y", y, -1)), Order.OLDEST, 0, true)));
        assertEquals(List.of("A", "B"), drain(new MergedStream(
                List.of(new ListSource("x", x, -1), new ListSource("y", y, -1)), Order.OLDEST, 2, false)));
    }

    @Test
    void newestFirstAnswersMergeNewestFirst() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("a", e("07", "a7", "a", 3), e("04", "a4", "a", 2), e("01", "a1", "a", 1)),
                new ListSource("b", e("05", "b5", "b", 2), e("02", "b2", "b", 1))),
                Order.NEWEST, 0, false);

        assertEquals(List.of("a7", "b5", "a4", "b2", "a1"), drain(merged));
    }

    @Test
    void eventsAtTheSameInstantAreOrderedByOriginThenSequence() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("x", e("01", "n2#5", "n2", 5), e("01", "n2#7", "n2", 7)),
                new ListSource("y", e("01", "n1#9", "n1", 9)),
                new ListSource("z", e("01", "n2#6", "n2", 6))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("n1#9", "n2#5", "n2#6", "n2#7"), drain(merged));
    }

    @Test
    void aReplicatedEventIsPrintedOnceWhateverTheNodesOrderAtThatInstant() {
        // Both nodes hold n1#1 and n2#1 at the same instant, sorted differently.
        MergedStream merged = new MergedStream(List.of(
                new ListSource("n1", e("01", "x", "n1", 1), e("01", "y", "n2", 1), e("02", "z", "n1", 2)),
                new ListSource("n2", e("01", "y", "n2", 1), e("01", "x", "n1", 1), e("02", "z", "n1", 2))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("x", "y", "z"), drain(merged));
    }

    @Test
    void distinctEventsSharingAnInstantAreAllKept() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("n1", e("01", "first", "n1", 1), e("01", "second", "n1", 2)),
                new ListSource("n2", e("01", "other", "n2", 1))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("first", "second", "other"), drain(merged));
    }

    @Test
    void eventsWithoutAnIdentityAreNeverTakenForCopies() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("n1", e("01", "same", null, 0)),
                new ListSource("n2", e("01", "same", null, 0))),
                Order.OLDEST, 0, false);

        assertEquals(List.of("same", "same"), drain(merged));
    }

    @Test
    void theLimitCountsEventsAfterDuplicatesAreDropped() {
        MergedStream merged = new MergedStream(List.of(
                new ListSource("n1", e("05", "e5", "n1", 5), e("04", "e4", "n1", 4), e("03", "e3", "n1", 3)),
                new ListSource("n2", e("05", "e5", "n1", 5), e("04", "e4", "n1", 4), e("03", "e3", "n1", 3))),
                Order.NEWEST, 2, false);

        assertEquals(List.of("e5", "e4"), drain(merged));
        assertEquals(null, merged.next());
    }

    @Test
    void anAnswerThatBreaksOffKeepsWhatItSentAndIsReported() {
        ListSource broken = new ListSource("b", List.of(e("02", "b2", "b", 1), e("04", "b4", "b", 2)), 1);
        MergedStream merged = new MergedStream(List.of(
                new ListSource("a", e("01", "a1", "a", 1), e("03", "a3", "a", 2), e("05", "a5", "a", 3)), broken),
                Order.OLDEST, 0, false);

        assertEquals(List.of("a1", "b2", "a3", "a5"), drain(merged));
        assertEquals(List.of(new NodeFailure(URI.create("http://b"), Kind.CUT, "connection reset")), merged.failures());
        assertTrue(broken.closed);
    }

    @Test
    void closingClosesEveryAnswer() {
        ListSource a = new ListSource("a", e("01", "a1", "a", 1));
        ListSource b = new ListSource("b");

        new MergedStream(List.of(a, b), Order.OLDEST, 0, false).close();

        assertTrue(a.closed && b.closed);
    }

    @Test
    void noAnswersMergeIntoNothing() {
        assertEquals(List.of(), drain(new MergedStream(List.of(), Order.OLDEST, 0, false)));
    }

    @Test
    void theDuplicateWindowHoldsOnlyTheCurrentInstant() {
        // 40 000 events on two nodes, each replicated to the other: all printed once, in order,
        // while the window never holds more than the two identities of one instant.
        int n = 20_000;
        List<String> left = new ArrayList<>(), right = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ts = Instant.parse("2026-11-24T00:00:00Z").plusMillis(i).toString();
            String l = Events.event(ts, "l" + i, "n1", i);
            String r = Events.event(ts, "r" + i, "n2", i);
            left.addAll(List.of(l, r));
            right.addAll(List.of(r, l));
        }
        MergedStream merged = new MergedStream(List.of(new ListSource("n1", left, -1), new ListSource("n2", right, -1)), Order.OLDEST, 0, false);

        List<String> out = new ArrayList<>();
        int largestWindow = 0;
        for (EventLine event = merged.next(); event != null; event = merged.next()) {
            out.add(event.msg());
            largestWindow = Math.max(largestWindow, merged.duplicateWindow());
        }

        assertEquals(2 * n, out.size());
        assertEquals(List.of("l0", "r0", "l1", "r1"), out.subList(0, 4));
        assertEquals(List.of("l" + (n - 1), "r" + (n - 1)), out.subList(2 * n - 2, 2 * n));
        assertEquals(2, largestWindow);
    }
}
