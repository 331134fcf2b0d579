package dev.logq.collector;

import dev.logq.collector.http.ApiToken;
import dev.logq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything logqd is told, from flags and the config file, checked once here and then frozen
 * (see {@link Logqd} for where each value comes from).
 *
 * @param store           where and how the journal and index are kept
 * @param syslogTcp       syslog over TCP (LF-framed and octet-counted)
 * @param syslogUdp       syslog over UDP
 * @param relp            RELP (syslog with acknowledgements)
 * @param http            the HTTP API
 * @param maxMessageBytes longer syslog messages are truncated (and counted)
 * @param ioThreads       Netty event-loop threads for all listeners
 * @param rfc3164Zone     the time zone of RFC 3164 timestamps, which carry none
 * @param apiToken        required on HTTP search and ingest, or null for none
 * @param maxConnections  open connections each TCP listener takes
 * @param idleTimeout     syslog and RELP connections silent this long are closed, or null for never
 * @param requestTimeout  an HTTP request must arrive whole this soon after its first byte
 * @param minFreeDisk     below this much free space on the data directory's disk, ingest pauses
 * @param syslogTls       syslog over TLS (RFC 5425), or off
 * @param tls             certificate, key, CA and permitted peers for TLS, or null without TLS
 */
record Config(
        StoreConfig store,
        ListenAddress syslogTcp,
        ListenAddress syslogUdp,
        ListenAddress relp,
        ListenAddress http,
        int maxMessageBytes,
        int ioThreads,
        ZoneId rfc3164Zone,
        ApiToken apiToken,
        int maxConnections,
        Duration idleTimeout,
        Duration requestTimeout,
        long minFreeDisk,
        ListenAddress syslogTls,
        TlsFiles tls) {

    /**
     * The PEM files of TLS, and the client certificate names that mutual TLS lets in.
     *
     * @param ca    clients must present a certificate this CA signed, or null to not ask for one
     * @param peers subject CNs or DNS names (or {@code *.domain}) permitted; empty permits any the CA signed
     */
    record TlsFiles(Path cert, Path key, Path ca, List<String> peers) {
        TlsFiles {
            peers = List.copyOf(peers);
        }
    }

    static final int DEFAULT_MAX_MESSAGE = 64 * 1024;

    Config {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(rfc3164Zone, "rfc3164Zone");
        if (maxMessageBytes < 480 || maxMessageBytes > 16 << 20) {
            // RFC 5424 section 6.1: receivers must take at least 480 octets.
            throw new IllegalArgumentException("--max-message-size " + maxMessageBytes + " must be between 480 bytes and 16m");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("--io-threads " + ioThreads + " must be between 1 and 64");
        }
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("--max-connections " + maxConnections + " must be between 1 and 1000000");
        }
        if (idleTimeout != null && idleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("--idle-timeout " + idleTimeout + " must be at least 1s (or off)");
        }
        if (minFreeDisk < 64L << 20) {
            throw new IllegalArgumentException("--min-free-disk must be at least 64m: the journal maps its file 16 MiB at a time");
        }
        if (requestTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("--request-timeout " + requestTimeout + " must be at least 100ms");
        }
        if (!http.enabled()) {
            throw new IllegalArgumentException("--http cannot be off: queries, health and metrics need it");
        }
        checkDistinct("--syslog-tcp", syslogTcp, "--http", http);
        checkDistinct("--relp", relp, "--http", http);
        checkDistinct("--relp", relp, "--syslog-tcp", syslogTcp);
        checkDistinct("--syslog-tls", syslogTls, "--syslog-tcp", syslogTcp);
        checkDistinct("--syslog-tls", syslogTls, "--relp", relp);
        checkDistinct("--syslog-tls", syslogTls, "--http", http);
        if (syslogTls.enabled() && tls == null) {
            throw new IllegalArgumentException("--syslog-tls needs a certificate: give --tls-cert and --tls-key");
        }
    }

    private static void checkDistinct(String aName, ListenAddress a, String bName, ListenAddress b) {
        if (a.enabled() && b.enabled() && a.port() == b.port()) {
            throw new IllegalArgumentException(aName + " " + a + " and " + bName + " " + b + " use the same TCP port");
        }
    }

    Path dataDir() {
        return store.dataDir();
    }

    String node() {
        return store.node();
    }

    Duration retention() {
        return store.retention();
    }
}
