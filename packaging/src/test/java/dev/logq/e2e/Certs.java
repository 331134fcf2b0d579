package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test certificates made with openssl in a directory: CAs, and keys with certificates they signed. */
final class Certs {

    private final Path dir;

    Certs(Path dir) {
        this.dir = dir;
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Run r = Run.of(command);
        assertEquals(0, r.exit(), r.toString());
    }

    /** A self-signed CA {@code name}: {@code name.pem}, {@code name-key.pem}. */
    Certs authority(String name) {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=logq test " + name, "-keyout", key(name), "-out", pem(name));
        return this;
    }

    /** A key and a certificate for {@code cn} (also as DNS name, and for 127.0.0.1), signed by {@code ca}. */
    Certs issue(String name, String cn, String ca) {
        try {
            Path ext = Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + cn + ",IP:127.0.0.1\n");
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + cn,
                    "-keyout", key(name), "-out", dir.resolve(name + ".csr").toString());
            openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", pem(ca), "-CAkey", key(ca),
                    "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", pem(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String pem(String name) {
        return dir.resolve(name + ".pem").toString();
    }

    String key(String name) {
        return dir.resolve(name + "-key.pem").toString();
    }
}
