package dev.logq.collector;

import dev.logq.collector.internal.http.ApiToken;
import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.net.ListenAddress;
import dev.logq.collector.internal.net.TlsFiles;
import dev.logq.collector.internal.replication.PeerAddress;
import dev.logq.store.StoreConfig;
import dev.logq.store.model.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything logqd is told, from flags and the config file: every value is checked here, once, with the
 * flag, the value and the allowed range in the message, and never changes after (see {@link Logqd} for
 * where each value comes from, and its {@code --help} for the defaults).
 *
 * @param store            where and how the journal and index are kept (checked by {@link StoreConfig})
 * @param syslogTcp        syslog over TCP (LF-framed and octet-counted), or off
 * @param syslogUdp        syslog over UDP, or off
 * @param syslogTls        syslog over TLS (RFC 5425), or off
 * @param relp             RELP (syslog with acknowledgements), or off
 * @param http             the HTTP API; never off
 * @param httpTls          the HTTP API over TLS, or off
 * @param replication      where peers send their events, or off
 * @param peers            the other log servers, which this node sends the events it receives (never itself)
 * @param tls              certificate, key, CA and permitted peers for TLS, or null without TLS
 * @param apiToken         required on HTTP search and ingest, or null for none
 * @param rfc3164Zone      the time zone of RFC 3164 timestamps, which carry none
 * @param maxMessageBytes  longer syslog messages are truncated (and counted)
 * @param maxConnections   open connections each TCP listener takes
 * @param idleTimeout      syslog and RELP connections silent this long are closed, or null for never
 * @param requestTimeout   an HTTP request must arrive whole this soon after its first byte
 * @param httpIdleTimeout  an HTTP connection that neither reads nor writes this long is closed
 * @param maxRequestBytes  the largest HTTP request body (after gzip is undone)
 * @param minFreeDisk      below this much free space on the data directory's disk, ingest pauses
 * @param udpReceiveBuffer the kernel receive buffer asked for the UDP socket
 * @param ioThreads        Netty event-loop threads for all listeners
 * @param searchThreads    searches that run at once
 * @param searchQueue      searches that wait for a thread before more are answered 503
 * @param backpressure     how a connection waits for the journal
 * @param selfStats        how often to sample this host's statistics in-process, or null for never
 * @param alerts           the directory of alert rule files, or null for no alerts
 */
record Config(
        StoreConfig store,
        ListenAddress syslogTcp,
        ListenAddress syslogUdp,
        ListenAddress syslogTls,
        ListenAddress relp,
        ListenAddress http,
        ListenAddress httpTls,
        ListenAddress replication,
        List<PeerAddress> peers,
        TlsFiles tls,
        ApiToken apiToken,
        ZoneId rfc3164Zone,
        int maxMessageBytes,
        int maxConnections,
        Duration idleTimeout,
        Duration requestTimeout,
        Duration httpIdleTimeout,
        int maxRequestBytes,
        long minFreeDisk,
        int udpReceiveBuffer,
        int ioThreads,
        int searchThreads,
        int searchQueue,
        Backpressure backpressure,
        Duration selfStats,
        Path alerts) {

    Config {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(rfc3164Zone, "rfc3164Zone");
        Objects.requireNonNull(backpressure, "backpressure");
        peers = List.copyOf(peers);
        // RFC 5424 section 6.1: receivers must take messages of at least 480 octets.
        checkBytes("--max-message-size", maxMessageBytes, 480, 16 << 20);
        checkCount("--max-connections", maxConnections, 1, 1_000_000);
        if (idleTimeout != null) {
            checkDuration("--idle-timeout", idleTimeout, Duration.ofSeconds(1), Duration.ofDays(7));
        }
        checkDuration("--request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofHours(1));
        checkDuration("--http-idle-timeout", httpIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(1));
        checkBytes("--max-request-size", maxRequestBytes, 64 << 10, 256 << 20);
        // the journal maps its file 16 MiB at a time: a write to a mapped page the disk has no room for kills the process
        checkBytes("--min-free-disk", minFreeDisk, 64L << 20, Long.MAX_VALUE);
        checkBytes("--udp-receive-buffer", udpReceiveBuffer, 64 << 10, 256 << 20);
        checkCount("--io-threads", ioThreads, 1, 64);
        checkCount("--search-threads", searchThreads, 1, 64);
        checkCount("--search-queue", searchQueue, 0, 10_000);
        checkCount("--batches-in-flight", backpressure.batchesInFlight(), 1, 1024);
        checkDuration("--busy-retry", backpressure.busyRetry(), Duration.ofMillis(1), Duration.ofSeconds(10));
        if (selfStats != null) {
            checkDuration("--self-stats", selfStats, Duration.ofSeconds(1), Duration.ofDays(1));
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
        checkDistinct("--http-tls", httpTls, "--http", http);
        checkDistinct("--http-tls", httpTls, "--syslog-tcp", syslogTcp);
        checkDistinct("--http-tls", httpTls, "--syslog-tls", syslogTls);
        checkDistinct("--http-tls", httpTls, "--relp", relp);
        for (ListenAddress other : List.of(syslogTcp, syslogTls, relp, http, httpTls)) {
            checkDistinct("--replication", replication, "another listener", other);
        }
        if (syslogTls.enabled() && tls == null) {
            throw new IllegalArgumentException("--syslog-tls needs a certificate: give --tls-cert and --tls-key");
        }
        if (httpTls.enabled() && tls == null) {
            throw new IllegalArgumentException("--http-tls needs a certificate: give --tls-cert and --tls-key");
        }
    }

    private static void checkCount(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " " + value + " must be between " + min + " and " + max);
        }
    }

    private static void checkBytes(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            String range = max == Long.MAX_VALUE ? "at least " + size(min) : "between " + size(min) + " and " + size(max);
            throw new IllegalArgumentException(flag + " " + size(value) + " must be " + range);
        }
    }

    private static void checkDuration(String flag, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + " " + Units.text(value) + " must be between " + Units.text(min)
                    + " and " + Units.text(max));
        }
    }

    /** A size as the flags write it, exact: 480 bytes, 64k, 16m. */
    private static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "k";
        }
        return bytes + " bytes";
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
