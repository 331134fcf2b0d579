package dev.logq.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private rsyslogd (never the system one), as docs/clients.md describes: its own config, work directory
 * and pid file, only 127.0.0.1 addresses, stopped by its pid.
 */
final class Rsyslog implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private Rsyslog(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts rsyslogd with {@code body} after a global block that sets its work directory; the body
     * loads modules and defines inputs and rulesets.
     */
    static Rsyslog start(Path workDir, String name, String body) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("rsyslog-" + name));
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s" processInternalMessages="on")
                %s
                """.formatted(dir, body));
        Process p = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslog.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.log").toFile())
                .start();
        Rsyslog rsyslog = new Rsyslog(dir, p);
        LogqdProcess.sleep(300);
        if (!p.isAlive()) {
            throw new AssertionError("rsyslogd exited at start-up:\n" + rsyslog.log());
        }
        return rsyslog;
    }

    /** Waits until something listens on the TCP port (rsyslog binds its inputs after start-up). */
    static void awaitListening(int port) {
        for (int i = 0; i < 100; i++) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                LogqdProcess.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on 127.0.0.1:" + port);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("rsyslogd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
