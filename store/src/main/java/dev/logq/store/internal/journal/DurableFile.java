package dev.logq.store.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small file of {@code key=value} lines that is replaced atomically: written to a temporary file,
 * forced to disk, renamed over the old one, and the directory forced. A reader sees the old content or
 * the new, never a mix, even after a crash or power loss.
 *
 * <pre>
 * file  = *line
 * line  = key "=" value LF        ; key has no '=' or LF, value no LF
 * </pre>
 */
public final class DurableFile {

    private final Path path;
    private final Path temp;

    public DurableFile(Path path) {
        this.path = path;
        this.temp = path.resolveSibling(path.getFileName() + ".tmp");
    }

    public Path path() {
        return path;
    }

    /** The content, or an empty map if the file does not exist. */
    public Map<String, String> read() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return values;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            } else if (!line.isEmpty()) {
                throw new IOException("line '" + line + "' of " + path + " is not key=value (delete the file to rebuild it)");
            }
        }
        return values;
    }

    public void write(Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + path + " atomically (is the data directory on a file system without rename?)", e);
        }
        forceDirectory(path.getParent());
    }

    /** Makes a rename or delete in this directory durable; a no-op where directories cannot be opened. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for reading; the rename is still atomic there
        }
    }
}
