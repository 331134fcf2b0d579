package dev.logq.store;

import dev.logq.store.internal.journal.DurableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code DATA/format} ({@code version=N}): the version of the data directory's layout as a whole, written
 * when a store is first made. Each part carries its own version too: every journal record starts with its
 * codec version, every index partition's commit records the journal position and partition period it was
 * built with (and Lucene its codec's), and the small state files are {@code key=value} lines. A logqd
 * opens the formats of the releases before it; one it does not know (written by a newer logqd) it refuses
 * with a message, rather than reading it wrongly.
 */
final class DataFormat {

    static final String FILE = "format";
    static final int CURRENT = 1;

    private DataFormat() {}

    static void check(Path data) throws IOException {
        DurableFile file = new DurableFile(data.resolve(FILE));
        String text = file.read().get("version");
        if (text == null) {
            file.write(Map.of("version", Integer.toString(CURRENT)));
            return;
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(data.resolve(FILE) + " holds version '" + text + "', not a number");
        }
        if (version > CURRENT) {
            throw new IOException("the data directory " + data + " is in format " + version + ", written by a newer logqd; this one reads "
                    + "formats up to " + CURRENT + " (upgrade logqd, or restore the backup taken before the upgrade)");
        }
    }
}
