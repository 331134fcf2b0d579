package dev.logq.perfmon;

import java.io.InputStream;
import java.io.OutputStream;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code logq-perfmon} in-process, as {@code main} would, and keeps what it printed. */
record PerfmonRun(int status, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PerfmonRun run(FakeRoot root, FakeTime time, String... args) {
        String[] withRoot = new String[args.length + 2];
        withRoot[0] = "--root";
        withRoot[1] = root.dir.toString();
        System.arraycopy(args, 0, withRoot, 2, args.length);
        return run(time, time, withRoot);
    }

    static PerfmonRun run(InstantSource clock, Pacer pacer, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = raw(out, new PrintStream(err, true, StandardCharsets.UTF_8), clock, pacer, args);
        return new PerfmonRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@link Perfmon#run} with nothing on standard input, never stopped, and no API token. */
    static int raw(OutputStream out, PrintStream err, InstantSource clock, Pacer pacer, String... args) {
        return Perfmon.run(out, err, InputStream.nullInputStream(), clock, pacer, () -> false, null, args);
    }

    /** Standard output split into lines (each ends with LF). */
    List<String> lines() {
        if (!out.isEmpty() && !out.endsWith("\n")) {
            throw new AssertionError("output does not end with a line feed: " + out);
        }
        return out.lines().toList();
    }

    /** Every line parsed as JSON by Jackson. */
    List<JsonNode> json() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines()) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
        }
        return nodes;
    }

    /** The only line, parsed; fails unless there is exactly one. */
    JsonNode single() {
        List<JsonNode> nodes = json();
        if (nodes.size() != 1 || status != 0) {
            throw new AssertionError("expected one line and status 0, got status " + status + ", out: " + out + " err: " + err);
        }
        return nodes.get(0);
    }
}
