package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A --root for tests: starts as a copy of the /proc and /etc files of a real two-CPU VM without swap
 * (resources under {@code root/}), which tests then edit line by line between readings.
 */
final class FakeRoot {

    final Path dir;

    FakeRoot(Path tempDir) {
        this.dir = tempDir.resolve("root");
        try {
            Path source = Path.of(FakeRoot.class.getResource("root").toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path target = dir.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the whole file. */
    FakeRoot write(String file, String content) {
        try {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Replaces the line that starts with {@code start} (which must exist) by {@code line}. */
    FakeRoot set(String file, String start, String line) {
        List<String> lines = lines(file);
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).startsWith(start)) {
                at = i;
            }
        }
        if (at < 0) {
            fail("no line starting with '" + start + "' in " + file);
        }
        lines = new ArrayList<>(lines);
        lines.set(at, line);
        return write(file, String.join("\n", lines) + "\n");
    }

    /** Deletes a file. */
    FakeRoot delete(String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    List<String> lines(String file) {
        try {
            return Files.readAllLines(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
