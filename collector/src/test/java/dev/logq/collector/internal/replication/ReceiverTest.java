package dev.logq.collector.internal.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.testing.TrackingAllocator;
import dev.logq.store.OriginReader;
import dev.logq.store.Store;
import dev.logq.store.StoreConfig;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiving side over an EmbeddedChannel: batches of real journal records (read from a store of a
 * node "log1" with {@link OriginReader}) into a replica that keeps high-water marks as the store does.
 */
class ReceiverTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    Store origin;
    final TrackingAllocator alloc = new TrackingAllocator();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Replica replica = new Replica();

    /** A replica store: keeps what is new per origin, as the store's high-water marks make it. */
    static final class Replica implements ReplicaStore {
        final List<Event> stored = new ArrayList<>();
        final Map<String, Long> marks = new LinkedHashMap<>();
        int busyCalls;

        @Override
        public String node() {
            return "log2";
        }

        @Override
        public Map<String, Long> highWaterMarks() {
            return Map.copyOf(marks);
        }

        @Override
        public CompletableFuture<Integer> appendReplicated(List<Event> events) {
            if (busyCalls > 0) {
                busyCalls--;
                return CompletableFuture.failedFuture(new RejectedExecutionException("journal writer is behind"));
            }
            int fresh = 0;
            for (Event e : events) {
                if (e.seq() > marks.getOrDefault(e.origin(), -1L)) {
                    stored.add(e);
                    marks.put(e.origin(), e.seq());
                    fresh++;
                }
            }
            return CompletableFuture.completedFuture(fresh);
        }

        List<Long> seqs() {
            return stored.stream().map(Event::seq).toList();
        }
    }

    @BeforeEach
    void open() throws Exception {
        origin = Store.open(StoreConfig.of(dir, "log1"), InstantSource.fixed(NOW));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new Event(NOW, NOW, "web1", "app", null, null, Facility.USER, Severity.INFO, "event " + i, null, null, null,
                    Event.NO_SEQ, "tcp 192.0.2.1:1"));
        }
        origin.append(events).get();
    }

    @AfterEach
    void close() throws Exception {
        origin.close();
        alloc.assertAllReleased();
    }

    private EmbeddedChannel connect(Set<String> peers) {
        Receivers receivers = new Receivers(replica, () -> peers, new ReceiverMetrics(registry), InstantSource.fixed(NOW), Duration.ofMillis(20));
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        receivers.configure(ch.pipeline());
        return ch;
    }

    /** The batch of log1's events {@code first..last}, as a sender builds it. */
    private Frame.Batch batch(long first, long last) {
        ByteBuf raw = alloc.heapBuffer();
        try (OriginReader reader = origin.originReader()) {
            reader.seekAfter(first - 1, -1);
            while (reader.next() && reader.seq() <= last) {
                Batches.add(raw, reader.record(), reader.length());
            }
        }
        int rawLength = raw.readableBytes();
        return new Frame.Batch(first, last, (int) (last - first + 1), rawLength, Batches.compress(alloc, raw));
    }

    private List<Frame> answers(EmbeddedChannel ch) {
        List<Frame> frames = new ArrayList<>();
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameCodec());
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            decoder.writeInbound(b);
        }
        for (Frame f; (f = decoder.readInbound()) != null; ) {
            frames.add(f);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }

    /** Writes the frames as a sender would: encoded, then fed to the receiver's pipeline. */
    private static void send(EmbeddedChannel ch, Frame... frames) {
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameCodec());
        encoder.config().setAllocator(ch.config().getAllocator());
        for (Frame f : frames) {
            encoder.writeOutbound(f);
        }
        for (Object b; (b = encoder.readOutbound()) != null; ) {
            ch.writeInbound(b);
        }
        encoder.finishAndReleaseAll();
    }

    private double count(String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void batchesAreStoredAndAcknowledgedAndAResendIsStoredOnce() {
        EmbeddedChannel ch = connect(Set.of("log1", "log3"));
        send(ch, new Frame.Hello("log1", "log2", Map.of()));
        assertEquals(List.of(new Frame.Welcome("log2", Map.of())), answers(ch));
        send(ch, batch(0, 3), batch(4, 9));
        assertEquals(List.of(new Frame.Ack(3), new Frame.Ack(9)), answers(ch));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), replica.seqs());
        assertEquals("event 7", replica.stored.get(7).msg());
        assertEquals("log1", replica.stored.get(7).origin());

        EmbeddedChannel again = connect(Set.of("log1"));  // the sender reconnects and sends from where its cursor was
        send(again, new Frame.Hello("log1", "log2", Map.of()));
        assertEquals(List.of(new Frame.Welcome("log2", Map.of("log1", 9L))), answers(again));
        send(again, batch(5, 9));
        assertEquals(List.of(new Frame.Ack(9)), answers(again));
        assertEquals(10, replica.stored.size(), "stored once");
        assertEquals(15, count("logq.replication.received.events", "origin", "log1"));
        assertEquals(10, count("logq.replication.stored.events", "origin", "log1"));
        ch.finishAndReleaseAll();
        again.finishAndReleaseAll();
    }

    @Test
    void aBatchOfManyChunksArrivesWhole() throws Exception {
        List<Event> more = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            more.add(new Event(NOW, NOW, "web" + (i % 7), "app", "4242", null, Facility.USER, Severity.INFO,
                    "a longer line " + i + " with text that repeats and varies: " + "x".repeat(i % 200), null, null, null,
                    Event.NO_SEQ, "tcp 192.0.2.1:1"));
        }
        origin.append(more).get();
        EmbeddedChannel ch = connect(Set.of("log1"));
        Frame.Batch big = batch(0, 3009);
        assertTrue(big.rawLength() > 8 * Batches.CHUNK, "several chunks: " + big.rawLength());
        send(ch, new Frame.Hello("log1", "log2", Map.of()), big);
        assertEquals(List.of(new Frame.Welcome("log2", Map.of()), new Frame.Ack(3009)), answers(ch));
        assertEquals(3010, replica.stored.size());
        assertEquals(more.get(2999).msg(), replica.stored.get(3009).msg());
        ch.finishAndReleaseAll();
    }

    @Test
    void aBusyJournalDelaysABatchWithoutLettingALaterOneOvertakeIt() {
        EmbeddedChannel ch = connect(Set.of("log1"));
        send(ch, new Frame.Hello("log1", "log2", Map.of()));
        answers(ch);
        replica.busyCalls = 2;
        send(ch, batch(0, 4), batch(5, 9));
        assertEquals(List.of(), answers(ch), "nothing acknowledged while the journal is busy");
        for (int i = 0; i < 3; i++) {
            ch.advanceTimeBy(20, TimeUnit.MILLISECONDS);
            ch.runPendingTasks();
        }
        assertEquals(List.of(new Frame.Ack(4), new Frame.Ack(9)), answers(ch));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), replica.seqs(), "in order, none dropped");
        ch.finishAndReleaseAll();
    }

    @Test
    void missingEventsAreCountedAsAGapWithTheirRange() {
        EmbeddedChannel ch = connect(Set.of("log1"));
        send(ch, new Frame.Hello("log1", "log2", Map.of()), new Frame.Gap(0, 1), batch(2, 4), batch(7, 9));
        assertEquals(List.of(new Frame.Welcome("log2", Map.of()), new Frame.Ack(4), new Frame.Ack(9)), answers(ch));
        assertEquals(2, registry.find("logq.replication.gaps").tag("side", "receiver").counter().count(), "announced, and unannounced");
        assertEquals(4, registry.find("logq.replication.gap.events").tag("side", "receiver").counter().count());
        ch.finishAndReleaseAll();
    }

    @Test
    void aHelloFromAStrangerFromItselfOrForAnotherNodeIsRefused() {
        for (Frame.Hello hello : List.of(new Frame.Hello("log9", "log2", Map.of()), new Frame.Hello("log2", "log2", Map.of()),
                new Frame.Hello("log1", "log7", Map.of()))) {
            EmbeddedChannel ch = connect(Set.of("log1", "log2"));
            send(ch, hello);
            List<Frame> answer = answers(ch);
            assertEquals(1, answer.size());
            assertTrue(answer.getFirst() instanceof Frame.Refused, answer.toString());
            assertFalse(ch.isActive(), "closed");
            ch.finishAndReleaseAll();
        }
        assertEquals(1, count("logq.replication.refused", "reason", "unknown_peer"));
        assertEquals(1, count("logq.replication.refused", "reason", "own_name"));
        assertEquals(1, count("logq.replication.refused", "reason", "wrong_node"));
        assertTrue(replica.stored.isEmpty());
    }

    @Test
    void aBatchBeforeTheHandshakeOrOfAnotherOriginEndsTheConnection() {
        EmbeddedChannel early = connect(Set.of("log1"));
        send(early, batch(0, 1));
        assertTrue(answers(early).getFirst() instanceof Frame.Refused);
        assertFalse(early.isActive());
        early.finishAndReleaseAll();

        EmbeddedChannel spoofed = connect(Set.of("log1", "log3"));
        send(spoofed, new Frame.Hello("log3", "log2", Map.of()), batch(0, 1));  // log1's events claimed by log3
        List<Frame> answer = answers(spoofed);
        assertTrue(answer.get(1) instanceof Frame.Refused r && r.reason().contains("holds (log1, 0) where (log3, 0) belongs"), answer.toString());
        assertFalse(spoofed.isActive());
        spoofed.finishAndReleaseAll();
        assertEquals(2, count("logq.replication.refused", "reason", "protocol"));
        assertTrue(replica.stored.isEmpty());
    }

    @Test
    void aBlockThatDoesNotDecompressToWhatTheFrameSaysEndsTheConnection() {
        EmbeddedChannel ch = connect(Set.of("log1"));
        Frame.Batch good = batch(0, 1);
        Frame.Batch lying = new Frame.Batch(0, 1, 2, good.rawLength() + 1, good.block());
        send(ch, new Frame.Hello("log1", "log2", Map.of()), lying);
        List<Frame> answer = answers(ch);
        assertTrue(answer.get(1) instanceof Frame.Refused r && r.reason().contains("batch 0..1"), answer.toString());
        assertTrue(replica.stored.isEmpty());
        ch.finishAndReleaseAll();
    }
}
