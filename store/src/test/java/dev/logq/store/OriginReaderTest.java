package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.config;
import static dev.logq.store.StoreFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a replicator reads: this node's own events, in order, from where a peer is, as records a peer stores. */
class OriginReaderTest {

    @TempDir
    Path dir;

    private static List<Long> seqs(OriginReader reader) {
        List<Long> seqs = new ArrayList<>();
        while (reader.next()) {
            seqs.add(reader.seq());
        }
        return seqs;
    }

    @Test
    void readsOwnEventsOnlyInOrderAsRecordsAPeerDecodes() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            store.append(List.of(event(T0, "a"), event(T0, "b"))).get();
            store.appendReplicated(List.of(event(T0, "from a peer").withIdentity("log2", 0))).get();
            store.append(List.of(event(T0, "c"))).get();
            try (OriginReader reader = store.originReader()) {
                List<String> messages = new ArrayList<>();
                while (reader.next()) {
                    Event e = Store.decodeRecord(reader.record(), 0, reader.length());
                    assertEquals("node1", e.origin());
                    assertEquals(reader.seq(), e.seq());
                    assertEquals(e.received(), reader.received());
                    messages.add(e.msg());
                }
                assertEquals(List.of("a", "b", "c"), messages);
                assertFalse(reader.next(), "nothing more until more is appended");
                store.append(List.of(event(T0, "d"))).get();
                assertTrue(reader.next());
                assertEquals(3, reader.seq());
            }
        }
    }

    @Test
    void seeksAfterASequenceNumberWithOrWithoutTheCursorsIndex() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            for (int i = 0; i < 10; i++) {
                store.append(List.of(event(T0, "e" + i))).get();
                store.appendReplicated(List.of(event(T0, "p" + i).withIdentity("log2", i))).get();
            }
            long indexOf4;
            try (OriginReader reader = store.originReader()) {
                reader.seekAfter(3, -1);
                assertTrue(reader.next());
                assertEquals(4, reader.seq());
                indexOf4 = reader.index();
            }
            try (OriginReader reader = store.originReader()) {
                reader.seekAfter(4, indexOf4);
                assertEquals(List.of(5L, 6L, 7L, 8L, 9L), seqs(reader));
            }
            try (OriginReader reader = store.originReader()) {
                reader.seekAfter(1, indexOf4);  // the hint is past where the peer is: read from the start
                assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqs(reader));
            }
            try (OriginReader reader = store.originReader()) {
                reader.seekAfter(-1, -1);
                assertEquals(10, seqs(reader).size());
            }
            try (OriginReader reader = store.originReader()) {
                reader.seekAfter(9, indexOf4);
                assertEquals(List.of(), seqs(reader), "the peer has everything");
            }
        }
    }

    @Test
    void cursorsAreKeptAcrossAReopenAndForgotten() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            store.replicationCursors().advance("log2", 41, 1234);
            store.replicationCursors().advance("log3", 7, 99);
            store.replicationCursors().advance("log3", 6, 98);  // an older acknowledgement does not go back
            store.replicationCursors().save();
        }
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            ReplicationCursors cursors = store.replicationCursors();
            assertEquals(new ReplicationCursors.Cursor(41, 1234), cursors.get("log2"));
            assertEquals(new ReplicationCursors.Cursor(7, 99), cursors.get("log3"));
            assertEquals(ReplicationCursors.Cursor.NONE, cursors.get("log4"));
            cursors.forget("log3");
            cursors.save();
        }
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            assertEquals(java.util.Set.of("log2"), store.replicationCursors().peers());
        }
    }
}
