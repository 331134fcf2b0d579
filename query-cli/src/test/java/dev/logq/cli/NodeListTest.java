package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeListTest {

    static final CliConfig FILE = new CliConfig(Path.of("/etc/logq/logq.conf"), List.of("file1:9514"), null, null, null, null, ClientTls.NONE);

    @Test
    void nodeFlagsComeFirst() {
        assertEquals(List.of(URI.create("http://flag1:9514"), URI.create("http://flag2:1234")),
                NodeList.resolve(List.of("flag1", "flag2:1234"), "env1:9514", FILE));
    }

    @Test
    void logqNodesComesBeforeTheConfigFile() {
        assertEquals(List.of(URI.create("http://env1:9514"), URI.create("http://env2:9600")),
                NodeList.resolve(List.of(), "env1:9514, env2:9600", FILE));
    }

    @Test
    void theConfigFileComesBeforeTheDefault() {
        assertEquals(List.of(URI.create("http://file1:9514")), NodeList.resolve(List.of(), null, FILE));
        assertEquals(List.of(URI.create("http://file1:9514")), NodeList.resolve(List.of(), "  ", FILE));
    }

    @Test
    void withoutAnyTheLocalNodeIsAsked() {
        assertEquals(List.of(URI.create("http://127.0.0.1:9514")), NodeList.resolve(List.of(), null, CliConfig.NONE));
    }

    @Test
    void theSameNodeGivenTwiceIsAskedOnce() {
        assertEquals(List.of(URI.create("http://a:9514")), NodeList.resolve(List.of("a", "a:9514", "http://a:9514/"), null, FILE));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "log1:9514,                     http://log1:9514",
        "log1,                          http://log1:9514",
        "10.0.0.5:80,                   http://10.0.0.5:80",
        "[::1]:9514,                    http://[::1]:9514",
        "[::1],                         http://[::1]:9514",
        "http://log1:9514,              http://log1:9514",
        "http://log1:9514/,             http://log1:9514",
        "http://log1,                   http://log1",
        "https://logs.example.com,      https://logs.example.com",
        "HTTPS://logs.example.com:8443/logq/, https://logs.example.com:8443/logq"})
    void addressesBecomeBaseUrls(String text, String expected) {
        assertEquals(URI.create(expected), NodeList.parse(text, "--node"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://log1", "log1:port", "http://", "http://log1?x=1", "http://user@log1", "log 1"})
    void otherAddressesAreRefusedNamingWhereTheyCameFrom(String text) {
        CliException e = assertThrows(CliException.class, () -> NodeList.resolve(List.of(), text, FILE));

        assertEquals("bad node address '" + text + "' in LOGQ_NODES (use http://HOST:PORT or HOST:PORT)", e.getMessage());
    }

    @Test
    void aListOfOnlyCommasNamesNoNode() {
        CliException e = assertThrows(CliException.class, () -> NodeList.resolve(List.of(), ",,", FILE));

        assertEquals("LOGQ_NODES names no node (use http://HOST:PORT or HOST:PORT)", e.getMessage());
    }
}
