package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path dir;

    private Path write(String relative, String... lines) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, List.of(lines));
    }

    @Test
    void readsKeysValuesAndSkipsCommentsAndBlankLines() throws IOException {
        Path file = write("logq.conf",
                "# nodes of the fleet",
                "nodes = log1:9514, http://log2:9514",
                "",
                "  token=abc123  ",
                "output = json",
                "utc = yes",
                "color = never");

        CliConfig config = CliConfig.load(file, Map.of(), dir.resolve("none"));

        assertEquals(new CliConfig(file, List.of("log1:9514", "http://log2:9514"), "abc123", OutputFormat.JSON, true, "never",
                ClientTls.NONE), config);
    }

    @Test
    void tlsFilesAreReadRelativeToTheConfigFile() throws IOException {
        Path file = write("conf/logq.conf", "cacert = ca.pem", "cert = /etc/logq/client.pem", "key = client-key.pem");

        CliConfig config = CliConfig.load(file, Map.of(), dir.resolve("none"));

        assertEquals(new ClientTls(dir.resolve("conf/ca.pem"), Path.of("/etc/logq/client.pem"), dir.resolve("conf/client-key.pem")),
                config.tls());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAnErrorNamingTheFile() throws IOException {
        Path file = write("half.conf", "cert = client.pem");

        CliException e = assertThrows(CliException.class, () -> CliConfig.load(file, Map.of(), dir.resolve("none")));

        assertEquals(file + ": a client certificate needs both --cert and --key", e.getMessage());
    }

    @Test
    void theUserFileUnderXdgConfigHomeComesBeforeTheSystemFile() throws IOException {
        Path user = write("xdg/logq/config", "nodes = user1");
        Path system = write("etc/logq.conf", "nodes = system1");

        CliConfig config = CliConfig.load(null, Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", "/nonexistent"), system);

        assertEquals(user, config.file());
        assertEquals(List.of("user1"), config.nodes());
    }

    @Test
    void withoutXdgConfigHomeTheUserFileIsUnderHome() throws IOException {
        Path user = write("home/.config/logq/config", "token = t");
        Path system = write("etc/logq.conf", "nodes = system1");

        CliConfig config = CliConfig.load(null, Map.of("HOME", dir.resolve("home").toString()), system);

        assertEquals(user, config.file());
        assertEquals(List.of(), config.nodes()); // the system file is not merged in
    }

    @Test
    void theSystemFileIsReadWhenTheUserHasNone() throws IOException {
        Path system = write("etc/logq.conf", "nodes = system1");

        CliConfig config = CliConfig.load(null, Map.of("HOME", dir.resolve("home").toString()), system);

        assertEquals(List.of("system1"), config.nodes());
    }

    @Test
    void noFileAtAllMeansNoSettings() {
        assertEquals(CliConfig.NONE, CliConfig.load(null, Map.of("HOME", dir.toString()), dir.resolve("none")));
    }

    @Test
    void anExplicitConfigFileMustExist() {
        Path missing = dir.resolve("missing.conf");

        CliException e = assertThrows(CliException.class, () -> CliConfig.load(missing, Map.of(), dir.resolve("none")));

        assertEquals("config file " + missing + " does not exist (check --config)", e.getMessage());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingFileAndLine() throws IOException {
        Path file = write("logq.conf", "# comment", "node = log1");

        CliException e = assertThrows(CliException.class, () -> CliConfig.load(file, Map.of(), dir.resolve("none")));

        assertEquals(file + ":2: unknown key 'node' (known: nodes, token, output, utc, color, cacert, cert, key)", e.getMessage());
    }

    @Test
    void badValuesAndLinesAreErrorsNamingFileAndLine() throws IOException {
        Path output = write("a.conf", "output = xml");
        Path utc = write("b.conf", "utc = maybe");
        Path noEquals = write("c.conf", "nodes log1");

        assertEquals(output + ":1: unknown output format 'xml' (use short, json or raw; journalctl's short-iso and cat are short and raw)",
                assertThrows(CliException.class, () -> CliConfig.load(output, Map.of(), output)).getMessage());
        assertEquals(utc + ":1: utc = maybe must be true or false",
                assertThrows(CliException.class, () -> CliConfig.load(utc, Map.of(), utc)).getMessage());
        assertEquals(noEquals + ":1: expected 'key = value', got 'nodes log1'",
                assertThrows(CliException.class, () -> CliConfig.load(noEquals, Map.of(), noEquals)).getMessage());
    }

    @Test
    void settingsFromTheFileApplyUnlessAFlagSaysOtherwise() throws IOException {
        FakeNode node = FakeNode.serving(LogqTest.N1);
        try (node) {
            Path file = write("logq.conf", "nodes = " + node.url(), "output = raw", "token = fromfile");

            LogqRun fromFile = LogqRun.run("--config", file.toString());
            LogqRun overridden = LogqRun.run("--config", file.toString(), "-o", "json", "--token", "flag");

            assertEquals(List.of("a1", "a3", "a5"), fromFile.lines());
            assertEquals(LogqTest.N1, overridden.lines());
            assertEquals(List.of("Bearer fromfile", "Bearer flag"), node.authorizations());
        }
    }

    @Test
    void utcFromTheFileAppliesUnlessNoUtcIsGiven() throws IOException {
        FakeNode node = FakeNode.serving(List.of(Events.event("2026-11-24T09:00:01Z", "h", "a", null, "m", "n1", 1)));
        try (node) {
            Path file = write("logq.conf", "nodes = " + node.url(), "utc = true");

            assertEquals("2026-11-24T09:00:01.000Z h a: m\n", LogqRun.run("--config", file.toString()).out());
            assertEquals("2026-11-24T10:00:01.000+01:00 h a: m\n", LogqRun.run("--config", file.toString(), "--no-utc").out());
        }
    }
}
