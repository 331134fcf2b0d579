package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.internal.journal.ExcerptReader;
import dev.logq.store.model.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcerptReaderTest {

    @TempDir
    Path dir;

    /** The addresses of the journal's records, found as the indexer finds them. */
    static List<Long> addresses(Store store) {
        List<Long> found = new ArrayList<>();
        try (ExcerptTailer tailer = store.journal().tailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return found;
                    }
                    found.add(ExcerptReader.address(dc.index(), dc.wire().bytes().readPosition()));
                }
            }
        }
    }

    @Test
    void readsEachRecordAtItsAddressAndRefusesAnAddressThatIsNotOneWithAHint() throws Exception {
        try (Store store = Store.open(config(dir, "node1"), new MutableClock(T0))) {
            List<Event> sent = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                sent.add(StoreFixtures.event(T0.plusMillis(i), "message " + i + " " + "x".repeat(i % 300)));
            }
            store.append(sent).get();
            List<Long> addresses = addresses(store);
            assertEquals(2000, addresses.size());
            try (ExcerptReader reader = new ExcerptReader(store.journal())) {
                for (int i = addresses.size() - 1; i >= 0; i -= 7) {  // backwards and with jumps, as a query reads
                    Event e = reader.event(addresses.get(i));
                    assertEquals(sent.get(i).msg(), e.msg());
                    assertEquals(i, e.seq());
                    assertEquals(sent.get(i).msg(), reader.message(addresses.get(i)));
                }
                IOException notARecord = assertThrows(IOException.class, () -> reader.event(addresses.get(5) + 3));
                assertTrue(notARecord.getMessage().contains("unreadable") && notARecord.getMessage().contains("delete index/"),
                        notARecord.getMessage());
                long otherCycle = ExcerptReader.address(addresses.getFirst() + (1L << 32) * 5, 64);
                IOException gone = assertThrows(IOException.class, () -> reader.event(otherCycle));
                assertTrue(gone.getMessage().contains("is gone but the index refers to it"), gone.getMessage());
            }
        }
    }
}
