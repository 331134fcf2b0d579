package dev.logq.collector;

import dev.logq.collector.internal.http.ApiToken;
import dev.logq.collector.internal.ingest.Backpressure;
import dev.logq.collector.internal.net.ListenAddress;
import dev.logq.collector.internal.net.TlsFiles;
import dev.logq.collector.internal.replication.PeerAddress;
import dev.logq.store.StoreConfig;
import dev.logq.store.model.Units;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code logqd}: flags, then the config file named by {@code --config}, then built-in defaults, in that
 * order of precedence. The file holds {@code key = value} lines whose keys are the long option names
 * without dashes ({@code syslog-tcp = 0.0.0.0:5514}).
 */
@Command(
        name = "logqd",
        mixinStandardHelpOptions = true,
        versionProvider = Logqd.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "The logq collector: receives syslog, appends every event to a journal, indexes it and serves queries.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logqd --data-dir /var/lib/logq --syslog-tcp 0.0.0.0:5514",
            "  logqd --config /etc/logq/logqd.conf",
            "  logqd reindex --config /etc/logq/logqd.conf --since 2d   (with logqd stopped: rebuild the index from the journal)",
            "",
            "Exit status: 0 after a clean shutdown on SIGTERM or SIGINT, 1 if it failed while running,",
            "2 on bad flags or config."
        })
public final class Logqd implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Read options from FILE (key = value lines, keys are the long option names).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/var/lib/logq", description = "Where the journal and index live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--node", paramLabel = "NAME", description = "This node's name, the origin of the events it receives (default: the host name).")
    String node;

    @Option(names = "--syslog-tcp", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:5514", description = "Syslog over TCP, LF-framed or octet-counted (default: ${DEFAULT-VALUE}; 'off' disables).")
    String syslogTcp;

    @Option(names = "--syslog-udp", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:5514", description = "Syslog over UDP (default: ${DEFAULT-VALUE}; 'off' disables).")
    String syslogUdp;

    @Option(names = "--relp", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:2514", description = "RELP: syslog with acknowledgements, each sent once the event is in the journal (default: ${DEFAULT-VALUE}; 'off' disables).")
    String relp;

    @Option(names = "--syslog-tls", paramLabel = "ADDR:PORT", description = "Syslog over TLS, RFC 5425 (default: 127.0.0.1:6514 when --tls-cert is given, else off).")
    String syslogTls;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate (chain) for --syslog-tls and --http-tls, and for RELP, which then takes TLS and plain connections (only TLS with --tls-ca).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (unencrypted). SIGHUP reads both again.")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Mutual TLS: clients must present a certificate signed by a CA in this PEM file.")
    Path tlsCa;

    @Option(names = "--tls-peers", paramLabel = "NAMES", split = ",", description = "With --tls-ca: only client certificates whose CN or DNS name is one of these (*.example.com allowed).")
    List<String> tlsPeers = new ArrayList<>();

    @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9514", description = "HTTP API: search, ingest, health, metrics (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--replication", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9515", description = "Where peers send the events they received, mutual TLS with --tls-cert, --tls-key and --tls-ca (default: ${DEFAULT-VALUE}; 'off' disables).")
    String replication;

    @Option(names = "--peer", paramLabel = "NAME=HOST:PORT", split = ",", description = "Another log server (repeat, or separate with commas): this node sends it every event it receives. An entry naming this node is skipped, so every node can have the same list. kill -HUP reads the list again.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--http-tls", paramLabel = "ADDR:PORT", defaultValue = "off", description = "The HTTP API over TLS (HTTPS) with --tls-cert and --tls-key; with --tls-ca clients need a certificate (default: ${DEFAULT-VALUE}).")
    String httpTls;

    @Option(names = "--api-token-file", paramLabel = "FILE", description = "Require the token in FILE (first line, 16+ characters) as 'Authorization: Bearer TOKEN' for search and ingest over HTTP; /healthz and /metrics stay open (default: no token).")
    Path apiTokenFile;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000", description = "Open connections each TCP listener takes; more are closed at once and counted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--self-stats", paramLabel = "SPAN", defaultValue = "off", description = "Sample this host's statistics as logq-perfmon -A does (app logq-perfmon, for logq stats), every SPAN rounded down to a power of two seconds, without a second program; 'off' not (default: ${DEFAULT-VALUE}).")
    String selfStats;

    @Option(names = "--alerts", paramLabel = "DIR", defaultValue = "off", description = "Alert rules: every *.conf file in DIR, evaluated on each new event; kill -HUP reads them again ('off' none; the packaged config has /etc/logq/alerts.d; default: ${DEFAULT-VALUE}).")
    String alerts;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "1h", description = "Close syslog and RELP connections that sent nothing for this long; 'off' never (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "30s", description = "An HTTP request must arrive whole this soon after its first byte, or gets 408 (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--min-free-disk", paramLabel = "SIZE", defaultValue = "512m", description = "Stop taking events while the data directory's disk has less free than this; they resume by themselves (default: ${DEFAULT-VALUE}).")
    String minFreeDisk;

    @Option(names = "--max-message-size", paramLabel = "SIZE", defaultValue = "64k", description = "Longer syslog messages are truncated and counted (default: ${DEFAULT-VALUE}).")
    String maxMessageSize;

    @Option(names = "--partition", paramLabel = "DURATION", defaultValue = "1d", description = "Event time covered by one index partition, whole hours (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "off", description = "Delete journal and index data older than this, e.g. 30d (default: ${DEFAULT-VALUE}, keep all).")
    String retention;

    @Option(names = "--retain-bytes", paramLabel = "SIZE", defaultValue = "auto", description = "Delete the oldest journal and index data while they hold more than SIZE together, e.g. 5g; 'auto' half the data disk's size, chosen at the first start; 'off' no size limit. With --retention, whichever limit is hit first (default: ${DEFAULT-VALUE}).")
    String retainBytes;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "250ms", description = "How soon new events become searchable (default: ${DEFAULT-VALUE}).")
    String refresh;

    @Option(names = "--rfc3164-zone", paramLabel = "ZONE", description = "Time zone of RFC 3164 timestamps, which carry none (default: the system's).")
    String rfc3164Zone;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "2m", description = "Tuning: close HTTP connections that neither read nor wrote for this long (default: ${DEFAULT-VALUE}).")
    String httpIdleTimeout;

    @Option(names = "--max-request-size", paramLabel = "SIZE", defaultValue = "16m", description = "Tuning: the largest HTTP request body, after gzip; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    String maxRequestSize;

    @Option(names = "--udp-receive-buffer", paramLabel = "SIZE", defaultValue = "8m", description = "Tuning: kernel receive buffer of the UDP socket; the kernel caps it at net.core.rmem_max (default: ${DEFAULT-VALUE}).")
    String udpReceiveBuffer;

    @Option(names = "--io-threads", paramLabel = "N", description = "Tuning: network threads (default: the number of CPUs, at most 4).")
    Integer ioThreads;

    @Option(names = "--search-threads", paramLabel = "N", defaultValue = "4", description = "Tuning: searches that run at once (default: ${DEFAULT-VALUE}).")
    int searchThreads;

    @Option(names = "--search-queue", paramLabel = "N", defaultValue = "32", description = "Tuning: searches that wait for a thread; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int searchQueue;

    @Option(names = "--batches-in-flight", paramLabel = "N", defaultValue = "8", description = "Tuning: journal appends a connection may have waiting before logqd stops reading it (default: ${DEFAULT-VALUE}).")
    int batchesInFlight;

    @Option(names = "--busy-retry", paramLabel = "DURATION", defaultValue = "20ms", description = "Tuning: how soon a batch the busy journal refused is offered again (default: ${DEFAULT-VALUE}).")
    String busyRetry;

    /** The command line as given, for {@link #reread}. */
    private String[] args = new String[0];

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length > 0 && args[0].equals("reindex")) {
            return Reindex.run(Arrays.copyOfRange(args, 1, args.length), System.err);
        }
        Logqd logqd = new Logqd();
        logqd.args = args.clone();
        CommandLine cmd;
        try {
            cmd = commandLine(logqd, args);
        } catch (IllegalArgumentException e) {
            System.err.println("logqd: " + e.getMessage());
            return 2;
        }
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            System.err.println("logqd: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd.execute(args);
    }

    /** The command, with the config file that {@code --config} in {@code args} names as its defaults. */
    static CommandLine commandLine(Logqd logqd, String[] args) {
        CommandLine cmd = new CommandLine(logqd);
        Path file = configFileIn(args);
        if (file != null) {
            cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(readConfigFile(cmd, file)));
        }
        return cmd;
    }

    @Override
    public Integer call() throws Exception {
        Config config = toConfig();
        try (Daemon daemon = Daemon.start(config, InstantSource.system(), this::reread)) {
            daemon.awaitShutdown();
        }
        return 0;
    }

    /**
     * The configuration as the same command line and the config file give it now: what {@code kill -HUP}
     * reloads from.
     *
     * @throws IllegalArgumentException saying what is wrong with it, as at start
     */
    Config reread() {
        Logqd fresh = new Logqd();
        commandLine(fresh, args).parseArgs(args);
        return fresh.toConfig();
    }

    /** The flags as typed, read and checked (by {@link Config}) into the frozen configuration. */
    Config toConfig() {
        StoreConfig store = new StoreConfig(
                dataDir.toAbsolutePath(),
                node != null ? node : defaultNodeName(),
                duration("--partition", partition),
                retention.equalsIgnoreCase("off") ? null : duration("--retention", retention),
                duration("--refresh", refresh),
                StoreConfig.DEFAULT_COMMIT,
                StoreConfig.DEFAULT_RAM_BUFFER_MB,
                retainBytes());
        return new Config(
                store,
                ListenAddress.parse("--syslog-tcp", syslogTcp),
                ListenAddress.parse("--syslog-udp", syslogUdp),
                syslogTls != null ? ListenAddress.parse("--syslog-tls", syslogTls)
                        : tlsCert != null ? ListenAddress.parse("--syslog-tls", "127.0.0.1:6514") : ListenAddress.OFF,
                ListenAddress.parse("--relp", relp),
                ListenAddress.parse("--http", http),
                ListenAddress.parse("--http-tls", httpTls),
                ListenAddress.parse("--replication", replication),
                PeerAddress.parse(peers, store.node()),
                tlsFiles(),
                apiTokenFile != null ? ApiToken.read(apiTokenFile) : null,
                rfc3164Zone != null ? zone(rfc3164Zone) : ZoneId.systemDefault(),
                intBytes("--max-message-size", maxMessageSize),
                maxConnections,
                idleTimeout.equalsIgnoreCase("off") ? null : duration("--idle-timeout", idleTimeout),
                duration("--request-timeout", requestTimeout),
                duration("--http-idle-timeout", httpIdleTimeout),
                intBytes("--max-request-size", maxRequestSize),
                bytes("--min-free-disk", minFreeDisk),
                intBytes("--udp-receive-buffer", udpReceiveBuffer),
                ioThreads != null ? ioThreads : Math.min(4, Runtime.getRuntime().availableProcessors()),
                searchThreads,
                searchQueue,
                new Backpressure(batchesInFlight, duration("--busy-retry", busyRetry)),
                selfStats.equalsIgnoreCase("off") ? null : duration("--self-stats", selfStats),
                alerts.equalsIgnoreCase("off") ? null : Path.of(alerts));
    }

    private long retainBytes() {
        if (retainBytes.equalsIgnoreCase("auto")) {
            return StoreConfig.RETAIN_HALF_THE_DISK;
        }
        if (retainBytes.equalsIgnoreCase("off")) {
            return 0;
        }
        long bytes = bytes("--retain-bytes", retainBytes);
        if (bytes < StoreConfig.MIN_RETAIN_BYTES) {
            throw new IllegalArgumentException("--retain-bytes " + retainBytes + " must be at least 64m (or auto, or off)");
        }
        return bytes;
    }

    private static Duration duration(String flag, String text) {
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage());
        }
    }

    private static long bytes(String flag, String text) {
        try {
            return Units.bytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage());
        }
    }

    /** A size that must fit an int; anything larger is out of every such flag's range, which Config then says. */
    private static int intBytes(String flag, String text) {
        return (int) Math.min(bytes(flag, text), Integer.MAX_VALUE);
    }

    private TlsFiles tlsFiles() {
        if (tlsCert == null && tlsKey == null) {
            if (tlsCa != null || !tlsPeers.isEmpty()) {
                throw new IllegalArgumentException("--tls-ca and --tls-peers need --tls-cert and --tls-key");
            }
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
        }
        if (!tlsPeers.isEmpty() && tlsCa == null) {
            throw new IllegalArgumentException("--tls-peers needs --tls-ca: without a CA no client certificate is asked for");
        }
        return new TlsFiles(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath(), tlsCa != null ? tlsCa.toAbsolutePath() : null,
                tlsPeers.stream().map(String::strip).filter(p -> !p.isEmpty()).toList());
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--rfc3164-zone '" + text + "' is not a time zone (e.g. UTC, Europe/Berlin, +01:00)");
        }
    }

    /** The host name, trimmed to what a node name may hold. */
    static String defaultNodeName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "logq";
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "logq" : cleaned.substring(0, Math.min(63, cleaned.length()));
    }

    private static Path configFileIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    /** Reads the file and rejects keys that are not options, so a typo does not pass silently. */
    private static Properties readConfigFile(CommandLine cmd, Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist (see --config)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : cmd.getCommandSpec().options()) {
            String name = option.longestName();
            if (name.startsWith("--") && !Set.of("--config", "--help", "--version").contains(name)) {
                known.add(name.substring(2));
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + file + " (known: " + String.join(", ", known) + ")");
            }
        }
        return properties;
    }

    /** logqd's version, from its jar's manifest ("dev" when run from classes). */
    static String version() {
        String version = Logqd.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"logqd " + version()};
        }
    }
}
