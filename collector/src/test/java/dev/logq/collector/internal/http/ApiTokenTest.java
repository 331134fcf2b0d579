package dev.logq.collector.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    static final String TOKEN = "3f1c9a0e7b5d4c2a8e6f0b1d";

    @TempDir
    Path dir;

    private ApiToken token() throws Exception {
        return ApiToken.read(Files.writeString(dir.resolve("token"), TOKEN + "\n# a comment line is ignored\n"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerOrBasicWithTheTokenAsPasswordIsAdmittedAndNothingElse() throws Exception {
        ApiToken t = token();
        assertTrue(t.admits("Bearer " + TOKEN));
        assertTrue(t.admits("bearer " + TOKEN));
        assertTrue(t.admits(basic("filebeat", TOKEN)));
        assertFalse(t.admits(null));
        assertFalse(t.admits("Bearer " + TOKEN + "x"));
        assertFalse(t.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(t.admits(basic(TOKEN, "wrong")));
        assertFalse(t.admits("Basic not-base64!"));
        assertFalse(t.admits(TOKEN));
    }

    @Test
    void aWeakOrMissingTokenFileIsAOneLineError() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> ApiToken.read(Files.writeString(dir.resolve("short"), "secret\n")));
        assertTrue(e.getMessage().contains("at least 16 printable ASCII characters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ApiToken.read(dir.resolve("missing")));
        assertTrue(e.getMessage().startsWith("--api-token-file " + dir.resolve("missing") + ": cannot read it"), e.getMessage());
    }
}
