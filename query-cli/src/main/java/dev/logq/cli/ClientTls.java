package dev.logq.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for {@code https://} nodes: the CA to trust ({@code --cacert}; else the system's trust store) and
 * the client certificate to present to a logqd that asks for one ({@code --cert}, {@code --key}), all as
 * PEM files, the ones logqd itself is given. The key must be unencrypted PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl req -newkey ... -nodes} writes).
 *
 * @param caFile   CA certificates (PEM) to trust instead of the system's, or null
 * @param certFile this client's certificate chain (PEM), or null
 * @param keyFile  its private key (PEM, PKCS#8), or null
 */
record ClientTls(Path caFile, Path certFile, Path keyFile) {

    static final ClientTls NONE = new ClientTls(null, null, null);
    private static final char[] NO_PASSWORD = new char[0];

    ClientTls {
        if ((certFile == null) != (keyFile == null)) {
            throw new CliException("a client certificate needs both --cert and --key");
        }
    }

    boolean isDefault() {
        return caFile == null && certFile == null;
    }

    /** The TLS context, or null for the JDK's default (nothing was given). */
    SSLContext context() {
        if (isDefault()) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (caFile != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caFile, "--cacert")) {
                    store.setCertificateEntry("ca" + i++, ca);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (certFile != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> chain = List.copyOf(certificates(certFile, "--cert"));
                store.setKeyEntry("client", privateKey(keyFile), NO_PASSWORD, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException("cannot set up TLS from --cacert/--cert/--key: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(Path file, String option) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(file, option)));
            if (certs.isEmpty()) {
                throw new CliException(option + " " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new CliException(option + " " + file + " is not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = new String(read(file, "--key"), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new CliException("--key " + file + " is not an unencrypted PKCS#8 PEM key (convert it: "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisKind) {
                // try the next kind of key
            }
        }
        throw new CliException("--key " + file + " is neither an EC, RSA nor Ed25519 key");
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + option + " " + file + " (" + e.getMessage() + ")");
        }
    }
}
