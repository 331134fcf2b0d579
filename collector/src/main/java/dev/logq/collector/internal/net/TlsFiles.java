package dev.logq.collector.internal.net;

import java.nio.file.Path;
import java.util.List;

/**
 * The PEM files of TLS, and the client certificate names that mutual TLS lets in.
 *
 * @param cert  the certificate chain
 * @param key   its unencrypted private key
 * @param ca    clients must present a certificate this CA signed, or null to not ask for one
 * @param peers subject CNs or DNS names (or {@code *.domain}) permitted; empty permits any the CA signed
 */
public record TlsFiles(Path cert, Path key, Path ca, List<String> peers) {
    public TlsFiles {
        peers = List.copyOf(peers);
    }
}
