package dev.logq.collector.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The token that {@code --api-token-file} requires on ingest and search: {@code Authorization: Bearer
 * TOKEN}, or HTTP Basic with the token as password (any user name), for shippers that only speak Basic
 * (Filebeat, Fluent Bit's HTTP_User/HTTP_Passwd). Compared in constant time.
 */
public final class ApiToken {

    private final byte[] token;

    private ApiToken(byte[] token) {
        this.token = token;
    }

    /** Reads the token from the first line of {@code file}; fails with a one-line reason. */
    public static ApiToken read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (text.length() < 16 || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("--api-token-file " + file
                    + ": the token must be at least 16 printable ASCII characters without spaces (e.g. openssl rand -hex 24)");
        }
        return new ApiToken(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether an {@code Authorization} header value (or null) carries the token. */
    boolean admits(String authorization) {
        if (authorization == null) {
            return false;
        }
        String presented = null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                presented = colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
