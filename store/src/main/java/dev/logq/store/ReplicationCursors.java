package dev.logq.store;

import dev.logq.store.internal.journal.DurableFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far each peer has acknowledged this node's own events: the durable per-peer cursor of
 * replication, in {@code dataDir/replication}, rewritten atomically by {@link #save}.
 *
 * <pre>
 * file = *("peer." name ".seq=" seq LF "peer." name ".index=" index LF)
 * </pre>
 *
 * A cursor only says where to look first: what the peer itself reports holding is the truth, so a cursor
 * saved a little late costs a resend, which the peer drops, never a loss. Thread-safe.
 */
public final class ReplicationCursors {

    /**
     * @param seq   the highest sequence number of this node's the peer acknowledged, -1 for none
     * @param index the journal index of that event, -1 if unknown
     */
    public record Cursor(long seq, long index) {
        public static final Cursor NONE = new Cursor(-1, -1);
    }

    private static final String PREFIX = "peer.";
    private final DurableFile file;
    private final Map<String, Cursor> cursors = new TreeMap<>();
    private boolean dirty;

    private ReplicationCursors(DurableFile file) {
        this.file = file;
    }

    static ReplicationCursors load(DurableFile file) throws IOException {
        ReplicationCursors c = new ReplicationCursors(file);
        Map<String, String> values = file.read();
        for (var entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(PREFIX) && key.endsWith(".seq")) {
                String peer = key.substring(PREFIX.length(), key.length() - ".seq".length());
                try {
                    long seq = Long.parseLong(entry.getValue());
                    long index = Long.parseLong(values.getOrDefault(PREFIX + peer + ".index", "-1"));
                    c.cursors.put(peer, new Cursor(seq, index));
                } catch (NumberFormatException e) {
                    throw new IOException("'" + entry.getValue() + "' in " + file.path()
                            + " is not a number (delete the file: peers then report where they are)", e);
                }
            }
        }
        return c;
    }

    public synchronized Cursor get(String peer) {
        return cursors.getOrDefault(peer, Cursor.NONE);
    }

    /** The peer acknowledged every own event up to {@code seq}, which is at journal index {@code index}. */
    public synchronized void advance(String peer, long seq, long index) {
        Cursor now = cursors.get(peer);
        if (now == null || seq > now.seq() || (seq == now.seq() && index != now.index())) {
            cursors.put(peer, new Cursor(seq, index));
            dirty = true;
        }
    }

    /** The peer left the peer list: its cursor goes. */
    public synchronized void forget(String peer) {
        if (cursors.remove(peer) != null) {
            dirty = true;
        }
    }

    public synchronized Set<String> peers() {
        return Set.copyOf(cursors.keySet());
    }

    /** Writes the cursors if they changed since the last save. */
    public void save() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        synchronized (this) {
            if (!dirty) {
                return;
            }
            cursors.forEach((peer, c) -> {
                values.put(PREFIX + peer + ".seq", Long.toString(c.seq()));
                values.put(PREFIX + peer + ".index", Long.toString(c.index()));
            });
            dirty = false;
        }
        file.write(values);
    }
}
