package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball and the .deb as a user gets them: the tarball unpacked into a directory of its own and run
 * from there, the .deb installed with apt-get on this machine (as root, as CI runs), run as its unit
 * says, then removed and purged.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PackageIT {

    private static final Map<String, String> NO_JAVA_AROUND = Map.of("JAVA_HOME", "/nonexistent", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    @TempDir
    Path work;

    /** The one file of the build's output directory whose name matches {@code glob}. */
    private static Path artifact(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var files = Files.newDirectoryStream(Dist.home().getParent(), glob)) {
            files.forEach(found::add);
        }
        assertEquals(1, found.size(), "one " + glob + " in " + Dist.home().getParent() + " (run: packaging/dev build): " + found);
        return found.getFirst();
    }

    private static Run run(String... command) {
        return Run.of(List.of(command), NO_JAVA_AROUND, null);
    }

    private static Run ok(String... command) {
        Run run = run(command);
        assertEquals(0, run.exit(), () -> String.join(" ", command) + "\n" + run);
        return run;
    }

    /** logq, logqd and logq-perfmon of an installation answer as they should, with the Java it carries. */
    private static void programsWork(Path bin) {
        Run version = ok(bin.resolve("logq").toString(), "--version");
        assertTrue(version.out().startsWith("logq "), version.toString());
        assertEquals("", version.err(), "nothing on stderr: the start-up cache still fits its jars after unpacking");
        assertTrue(ok(bin.resolve("logqd").toString(), "--help").out().contains("--data-dir"));
        Run sample = ok(bin.resolve("logq-perfmon").toString(), "-A", "1", "--count", "1");
        assertTrue(sample.out().startsWith("{") && sample.out().contains("\"cpu_total\""), sample.toString());
    }

    @Test
    void theTarballRunsUnpackedAnywhereWithTheJavaItCarries() throws Exception {
        ok("tar", "-xzf", artifact("logq-*-linux-x64.tar.gz").toString(), "-C", work.toString());
        Path home;
        try (Stream<Path> dirs = Files.list(work)) {
            home = dirs.filter(d -> d.getFileName().toString().startsWith("logq-")).findFirst().orElseThrow();
        }
        Run java = ok("bash", "-c", "source " + home.resolve("libexec/java-env.sh") + " && echo \"$JAVA\"");
        assertEquals(home.resolve("runtime/bin/java").toString(), java.out().strip(), "the launchers pick the bundled runtime");
        programsWork(home.resolve("bin"));

        try (LogqdProcess logqd = LogqdProcess.prepare(List.of("env", "JAVA_HOME=/nonexistent"), work, "tarball")
                .program(home.resolve("bin/logqd"))) {
            logqd.start();
            ok("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(logqd.syslogPort),
                    "-t", "pkgtest", "from the unpacked tarball");
            Run found = Logq.until(logqd, r -> r.out().strip().equals("1"), Duration.ofSeconds(20), "-c", "-F", "from the unpacked tarball");
            assertEquals("1", found.out().strip(), found + logqd.logTail());
            assertEquals(0, logqd.stop(), logqd.logTail());
        }
    }

    @Test
    void theDebInstallsRunsAsItsUnitSaysAndIsRemovedThenPurged() throws Exception {
        assertEquals("0", ok("id", "-u").out().strip(), "apt-get installs the package: run the end-to-end tests as root, as CI does");
        Path deb = artifact("logq_*_amd64.deb");
        Map<String, String> apt = Map.of("DEBIAN_FRONTEND", "noninteractive", "PATH", NO_JAVA_AROUND.get("PATH"));
        Run install = Run.of(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", deb.toAbsolutePath().toString()), apt, null);
        assertEquals(0, install.exit(), install::toString);
        try {
            List<String> files = ok("dpkg", "-L", "logq").lines();
            for (String expected : List.of("/usr/bin/logq", "/usr/bin/logqd", "/usr/bin/logq-perfmon", "/etc/logq/logqd.conf",
                    "/etc/logq/logqd.env", "/lib/systemd/system/logqd.service", "/lib/systemd/system/logq-perfmon.service",
                    "/usr/share/man/man1/logq.1", "/usr/share/man/man1/logqd.1", "/usr/share/man/man1/logq-perfmon.1",
                    "/usr/share/bash-completion/completions/logq", "/usr/share/zsh/vendor-completions/_logq",
                    "/usr/share/doc/logq/examples/60-logq-tcp.conf", "/etc/logq/alerts.d/50-examples.conf", "/usr/share/doc/logq/alerts.md",
                    "/usr/lib/logq/runtime/bin/java", "/usr/lib/logq/lib/logq/logq.aot")) {
                assertTrue(files.contains(expected), expected + " installed; dpkg -L logq:\n" + String.join("\n", files));
            }
            List<String> places = List.of("/usr/bin/", "/usr/lib/logq", "/usr/share/", "/etc/logq", "/lib/systemd/system");
            for (String file : files) {
                boolean parent = places.stream().anyMatch(p -> p.startsWith(file + "/") || p.equals(file + "/") || p.equals(file));
                assertTrue(file.equals("/.") || parent || places.stream().anyMatch(file::startsWith), "installed outside logq's places: " + file);
            }
            programsWork(Path.of("/usr/bin"));
            for (String page : List.of("logq", "logqd", "logq-perfmon")) {
                Run man = Run.of(List.of("man", "-P", "cat", page), Map.of("MANWIDTH", "100", "PATH", NO_JAVA_AROUND.get("PATH")), null);
                assertEquals(0, man.exit(), man::toString);
                assertTrue(man.out().contains(page.equals("logqd") ? "logqd reindex" : "--help"), page + "(1):\n" + man.out());
            }

            String user = ok("getent", "passwd", "logq").out().strip();
            assertTrue(user.contains(":/var/lib/logq:") && user.endsWith("nologin"), user);
            assertEquals("logq", ok("stat", "-c", "%U", "/var/lib/logq").out().strip());

            String logqdUnit = "/lib/systemd/system/logqd.service";
            Run verify = ok("systemd-analyze", "verify", logqdUnit, "/lib/systemd/system/logq-perfmon.service");
            assertEquals("", verify.err().strip(), verify.toString());
            String score = ok("systemd-analyze", "security", "--offline=yes", logqdUnit).out();
            assertTrue(score.matches("(?s).*Overall exposure level for logqd.service: [0-9.]+ (OK|SAFE).*"), score);

            runAsTheUnitSays(Files.readAllLines(Path.of(logqdUnit)));

            ok("apt-get", "remove", "-y", "-q", "logq");
            assertFalse(Files.exists(Path.of("/usr/bin/logq")), "removed: the programs");
            assertTrue(Files.exists(Path.of("/etc/logq/logqd.conf")), "removed, not purged: the config stays");
            try (Stream<Path> data = Files.list(Path.of("/var/lib/logq"))) {
                assertTrue(data.findAny().isPresent(), "removed, not purged: the events stay");
            }
            ok("apt-get", "purge", "-y", "-q", "logq");
            assertFalse(Files.exists(Path.of("/etc/logq")), "purged: the config is gone");
            assertFalse(Files.exists(Path.of("/var/lib/logq")), "purged: the data is gone");
        } finally {
            run("dpkg", "--purge", "logq");
        }
    }

    /**
     * logqd started the way logqd.service starts it: its ExecStart, as its User, with its EnvironmentFile;
     * only the ports are this test's (flags win over the config file), the data goes to /var/lib/logq.
     */
    private void runAsTheUnitSays(List<String> unit) throws Exception {
        String execStart = unit.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow().substring("ExecStart=".length());
        String userName = unit.stream().filter(l -> l.startsWith("User=")).findFirst().orElseThrow().substring("User=".length());
        // setpriv execs logqd as the user, as systemd does; runuser would stay its parent and, on SIGTERM, exit 143 itself
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", userName, "--regid", userName, "--init-groups", "--", "env"));
        Files.readAllLines(Path.of("/etc/logq/logqd.env")).stream().filter(l -> l.matches("[A-Z_]+=.*")).forEach(command::add);
        command.addAll(Arrays.asList(execStart.split(" ")));
        int syslog = Ports.free();
        int http = Ports.free();
        command.addAll(List.of("--node", "pkgtest", "--syslog-tcp", "127.0.0.1:" + syslog, "--syslog-udp", "off", "--relp", "off",
                "--replication", "off", "--http", "127.0.0.1:" + http));
        Path log = work.resolve("installed-logqd.log");
        Process logqd = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitHealthy(http, logqd, log);
            ok("logger", "--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String.valueOf(syslog), "-t", "pkgtest",
                    "installed package event");
            String node = "http://127.0.0.1:" + http;
            Run found = null;
            for (int i = 0; i < 100 && (found == null || !found.out().strip().equals("1")); i++) {
                Thread.sleep(100);
                found = run("/usr/bin/logq", "--node", node, "-c", "-F", "installed package event");
            }
            assertEquals("1", found.out().strip(), found + Files.readString(log));
            assertTrue(Files.readString(log).contains("alerts: 0 rules from /etc/logq/alerts.d"), "the packaged config reads the rules:\n"
                    + Files.readString(log));
            logqd.destroy();
            assertTrue(logqd.waitFor(60, TimeUnit.SECONDS), "stopped within a minute of SIGTERM");
            assertEquals(0, logqd.exitValue(), "a clean stop exits 0, as the unit expects\n" + Files.readString(log));
        } finally {
            logqd.destroyForcibly();
        }
    }

    private static void awaitHealthy(int port, Process logqd, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            assertTrue(logqd.isAlive(), () -> "the installed logqd exited during start-up\n" + read(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the installed logqd was not ready in 60 s\n" + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
