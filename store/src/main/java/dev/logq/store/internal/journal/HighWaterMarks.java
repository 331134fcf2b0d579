package dev.logq.store.internal.journal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest sequence number the journal holds per origin node: this node's own last sequence number
 * and, for each peer, the mark below which replicated events are duplicates.
 *
 * <p>The journal is the truth; the file {@code dataDir/marks} is a shortcut so opening does not scan
 * the whole journal. It records the marks as of one journal index; on open the marks are read from it
 * and the journal is scanned only after that index. The file is rewritten atomically (see
 * {@link DurableFile}) every few seconds while events arrive and on close.
 *
 * <pre>
 * marks file  = "journal.index=" index LF *("origin." node "=" seq LF)
 * </pre>
 *
 * Written by the journal writer thread only; read from any thread.
 */
public final class HighWaterMarks {

    private static final Logger LOG = LoggerFactory.getLogger(HighWaterMarks.class);
    private static final String INDEX_KEY = "journal.index";
    private static final String ORIGIN_PREFIX = "origin.";

    private final DurableFile file;
    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private volatile long journalIndex = -1;
    private boolean dirty;

    private HighWaterMarks(DurableFile file) {
        this.file = file;
    }

    /** Loads the file, then reads the journal records after the index it covers. */
    public static HighWaterMarks recover(DurableFile file, Journal journal) throws IOException {
        HighWaterMarks hw = new HighWaterMarks(file);
        Map<String, String> saved = file.read();
        for (var entry : saved.entrySet()) {
            if (entry.getKey().startsWith(ORIGIN_PREFIX)) {
                hw.marks.put(entry.getKey().substring(ORIGIN_PREFIX.length()), parse(file, entry.getValue()));
            }
        }
        long savedIndex = saved.containsKey(INDEX_KEY) ? parse(file, saved.get(INDEX_KEY)) : -1;
        hw.journalIndex = savedIndex;
        long scanned = hw.scan(journal, savedIndex);
        LOG.info("journal high-water marks {} (file at index {}, {} records scanned after it)",
                hw.marks, Journal.describe(savedIndex), scanned);
        return hw;
    }

    private long scan(Journal journal, long after) {
        long n = 0;
        byte[] buf = new byte[1024];
        try (ExcerptTailer tailer = journal.tailer()) {
            if (after >= 0 && tailer.moveToIndex(after)) {
                Journal.skipOne(tailer);  // the record at 'after' is already in the file's marks
            } else if (after >= 0 && after >= journal.firstIndex()) {
                LOG.warn("journal ends before index {} that {} recorded (power loss?): scanning all of it",
                        Journal.describe(after), file.path());
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int len = (int) bytes.readRemaining();
                    if (len > buf.length) {
                        buf = new byte[Math.max(len, buf.length * 2)];
                    }
                    bytes.read(buf, 0, len);
                    try {
                        EventCodec.Identity id = EventCodec.identity(buf, 0, len);
                        if (id.origin() != null) {
                            marks.merge(id.origin(), id.seq(), Math::max);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable journal record {}: {}", Journal.describe(dc.index()), e.getMessage());
                    }
                    journalIndex = dc.index();
                    dirty = true;
                    n++;
                }
            }
        }
        return n;
    }

    private static long parse(DurableFile file, String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("'" + value + "' in " + file.path() + " is not a number (delete the file: it is rebuilt from the journal)", e);
        }
    }

    /** The highest sequence number stored for this origin, or -1. */
    long get(String origin) {
        return marks.getOrDefault(origin, -1L);
    }

    /** Records that the event (origin, seq) was appended at this journal index. */
    void advance(String origin, long seq, long index) {
        marks.merge(origin, seq, Math::max);
        journalIndex = index;
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    void save() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(INDEX_KEY, Long.toString(journalIndex));
        new TreeMap<>(marks).forEach((origin, seq) -> values.put(ORIGIN_PREFIX + origin, Long.toString(seq)));
        file.write(values);
        dirty = false;
    }

    Map<String, Long> snapshot() {
        return Map.copyOf(marks);
    }
}
