package dev.logq.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** One in-process run of {@code logq}, with its exit status and what it wrote. */
record LogqRun(int exit, String out, String err) {

    /** 2026-11-24T09:30:00Z, seen from Berlin (UTC+1 in November). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:30:00Z"), ZoneId.of("Europe/Berlin"));

    /** Runs with no environment and no config file, so only the arguments count. */
    static LogqRun run(String... args) {
        return run(Map.of(), args);
    }

    static LogqRun run(Map<String, String> variables, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return run(variables, out, out, args);
    }

    /** Runs writing standard output to {@code stdout}; {@code captured} is what the result reports as out. */
    static LogqRun run(Map<String, String> variables, OutputStream stdout, ByteArrayOutputStream captured, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path noSystemConfig = Path.of("/nonexistent/logq-test/logq.conf");
        Logq.Env env = new Logq.Env(CLOCK, variables, noSystemConfig, stdout, err, false);
        int exit = Logq.commandLine(new Logq(env), args).execute(args);  // as main builds it
        return new LogqRun(exit, captured.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
}
