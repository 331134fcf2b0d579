package dev.logq.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code bin/logqd} of the distribution, started as a child process on free 127.0.0.1 ports
 * with its own data directory, its log kept in {@code logqd.log} beside the data.
 */
final class LogqdProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dataDir;
    final Path log;
    final int syslogPort;
    final int httpPort;
    final int relpPort;
    final int replicationPort;
    final String node;
    private final List<String> extraFlags;
    private List<String> launcher;
    private Path program = Dist.bin("logqd");
    private String host = "127.0.0.1";
    private Process process;

    private LogqdProcess(Path workDir, String node, List<String> launcher, List<String> extraFlags) {
        this.dataDir = workDir.resolve("data-" + node);
        this.log = workDir.resolve("logqd-" + node + ".log");
        this.syslogPort = Ports.free();
        this.httpPort = Ports.free();
        this.relpPort = Ports.free();
        this.replicationPort = Ports.free();
        this.node = node;
        this.extraFlags = new ArrayList<>(extraFlags);
        this.launcher = List.copyOf(launcher);
    }

    static LogqdProcess start(Path workDir, String node, String... extraFlags) {
        return startUnder(List.of(), workDir, node, extraFlags);
    }

    /** As {@link #start}, with bin/logqd run by {@code launcher} ({@code nohup}, say). */
    static LogqdProcess startUnder(List<String> launcher, Path workDir, String node, String... extraFlags) {
        LogqdProcess logqd = prepare(launcher, workDir, node, extraFlags);
        logqd.start();
        return logqd;
    }

    /** A logqd with its ports and data directory, not started yet: {@link #flags} may add to its flags first. */
    static LogqdProcess prepare(List<String> launcher, Path workDir, String node, String... extraFlags) {
        return new LogqdProcess(workDir, node, launcher, List.of(extraFlags));
    }

    /** Adds flags for the next {@link #start}. */
    LogqdProcess flags(String... flags) {
        extraFlags.addAll(List.of(flags));
        return this;
    }

    /** Runs bin/logqd under {@code launcher} ({@code faketime -f +3h}, say) from the next {@link #start} on. */
    LogqdProcess launcher(String... launcher) {
        this.launcher = List.of(launcher);
        return this;
    }

    /** Runs this logqd launcher (of an unpacked tarball, say) instead of the distribution's, from the next {@link #start} on. */
    LogqdProcess program(Path logqd) {
        this.program = logqd;
        return this;
    }

    /** Listens on {@code address} instead of 127.0.0.1, from the next {@link #start} on. */
    LogqdProcess bind(String address) {
        this.host = address;
        return this;
    }

    String host() {
        return host;
    }

    /** This node as an entry of --peer. */
    String peerEntry() {
        return node + "=" + host + ":" + replicationPort;
    }

    /** Starts (again) with the same ports and data, and waits until /healthz says ready. */
    void start() {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(program.toString(),
                "--data-dir", dataDir.toString(),
                "--node", node,
                "--syslog-tcp", host + ":" + syslogPort,
                "--syslog-udp", host + ":" + syslogPort,
                "--relp", host + ":" + relpPort,
                "--replication", host + ":" + replicationPort,
                "--http", host + ":" + httpPort));
        command.addAll(extraFlags);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
        awaitReady(Duration.ofSeconds(60));
    }

    /** The JVM's pid (bin/logqd execs java). */
    long pid() {
        return process.pid();
    }

    String url() {
        return "http://" + host + ":" + httpPort;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("logqd exited with " + process.exitValue() + " during start-up\n" + logTail());
            }
            try {
                if (get("/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(50);
        }
        throw new AssertionError("logqd not ready after " + timeout + "\n" + logTail());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** SIGTERM, and wait for the clean shutdown; returns the exit status. */
    int stop() {
        process.destroy();
        return waitExit(Duration.ofSeconds(30));
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() {
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(10));
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private int waitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("logqd did not exit within " + timeout + "\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    String logTail() {
        List<String> lines = logText().lines().toList();
        return "--- last lines of " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        if (alive()) {
            stop();
        }
    }
}
