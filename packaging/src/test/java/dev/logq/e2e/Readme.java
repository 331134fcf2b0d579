package dev.logq.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's own snippets, so that the tests run what a user copies from it: the code block after a
 * {@code <!-- snippet: NAME -->} line, as written. Tests may change in it only what differs on a test
 * machine: addresses, ports and file paths ({@link #with}).
 */
final class Readme {

    private Readme() {}

    static Path file() {
        return Path.of(System.getProperty("logq.readme", "../README.md")).toAbsolutePath();
    }

    /** The indented code block after the snippet's marker, without its indentation. */
    static String snippet(String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int marker = lines.indexOf("<!-- snippet: " + name + " -->");
        if (marker < 0) {
            throw new AssertionError("README.md has no snippet '" + name + "'");
        }
        List<String> block = new ArrayList<>();
        int i = marker + 1;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        for (; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
            block.add(lines.get(i).isBlank() ? "" : lines.get(i).substring(4));
        }
        while (!block.isEmpty() && block.getLast().isEmpty()) {
            block.removeLast();
        }
        if (block.isEmpty()) {
            throw new AssertionError("README.md's snippet '" + name + "' has no code block");
        }
        return String.join("\n", block) + "\n";
    }

    /**
     * The text with each key replaced by its value: only addresses, ports and file paths, checked, and
     * each must occur, so a README change that drops one fails the test rather than passing untested.
     */
    static String with(String text, Map<String, String> replacements) {
        String out = text;
        for (var r : replacements.entrySet()) {
            if (!out.contains(r.getKey())) {
                throw new AssertionError("the snippet no longer holds '" + r.getKey() + "':\n" + text);
            }
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }

    /** A file of the built distribution, as it ships ({@code etc/rsyslog.d/60-logq.conf}, say). */
    static String shipped(String relative) {
        try {
            return Files.readString(Dist.home().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
