package dev.logq.collector;

import dev.logq.collector.internal.alert.Alerts;
import dev.logq.collector.internal.http.HttpApi;
import dev.logq.collector.internal.ingest.DiskFloor;
import dev.logq.collector.internal.ingest.EventAppender;
import dev.logq.collector.internal.ingest.Intake;
import dev.logq.collector.internal.message.HostStats;
import dev.logq.collector.internal.message.SyslogParser;
import dev.logq.collector.internal.metrics.HostGauges;
import dev.logq.collector.internal.metrics.ListenerMetrics;
import dev.logq.collector.internal.metrics.NodeMetrics;
import dev.logq.collector.internal.net.ConnectionLimit;
import dev.logq.collector.internal.net.IdleCloser;
import dev.logq.collector.internal.net.ListenAddress;
import dev.logq.collector.internal.net.Tls;
import dev.logq.collector.internal.net.Transport;
import dev.logq.collector.internal.relp.RelpInitializer;
import dev.logq.collector.internal.replication.Replication;
import dev.logq.collector.internal.syslog.SyslogTcpInitializer;
import dev.logq.collector.internal.syslog.SyslogUdpHandler;
import dev.logq.perfmon.SelfStats;
import dev.logq.store.Store;
import dev.logq.store.model.Units;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running logqd: the store, the listeners, replication and the HTTP API, started in that order and
 * stopped in the reverse one. SIGHUP reads the TLS files, the peer list and the limits (connections, disk
 * floor, retention) again. Under systemd ({@code Type=notify}) it says when it is ready and when it
 * begins to stop.
 *
 * <p>Stopping (SIGTERM, SIGINT, or {@link #close()}): stop accepting, close the syslog connections
 * (each hands what it decoded to the journal as it closes), let the event loops finish their queued
 * work, then close the store, which appends what is still queued and commits the index. Syslog over
 * plain TCP has no acknowledgements, so bytes still in the kernel's socket buffers at that moment are
 * the sender's to resend; RELP is the transport that guarantees it. A stop on SIGTERM or SIGINT is a
 * clean one, so logqd then exits 0, not the JVM's 128 + signal, and a unit needs no SuccessExitStatus.
 */
final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Config config;
    private final InstantSource clock;
    private final Store store;
    private final PrometheusMeterRegistry registry;
    private final NodeMetrics nodeMetrics;
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService searches;
    private final ChannelGroup listeners = new DefaultChannelGroup("listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::closeQuietly, "logqd-shutdown");
    private final Supplier<Config> reread;
    private final SystemdNotify systemd = SystemdNotify.fromEnvironment();
    private final List<ConnectionLimit> connectionLimits = new ArrayList<>();
    private DiskFloor floor;
    private Tls tls;
    private Replication replication;
    private Alerts alerts;
    private SelfStats selfStats;
    private boolean closed;

    private Daemon(Config config, InstantSource clock, Store store, Supplier<Config> reread) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.reread = reread;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.nodeMetrics = new NodeMetrics(registry, store);
        this.transport = Transport.best();
        this.boss = transport.group(1);
        this.workers = transport.group(config.ioThreads());
        this.searches = new ThreadPoolExecutor(config.searchThreads(), config.searchThreads(), 30, TimeUnit.SECONDS,
                config.searchQueue() > 0 ? new ArrayBlockingQueue<>(config.searchQueue()) : new SynchronousQueue<>(),
                Thread.ofPlatform().name("search-", 0).daemon().factory());
    }

    /**
     * Opens the store and binds every listener; fails with a one-line reason if any cannot start.
     *
     * @param clock  stamps every event with its receive time, and is the store's "now"
     * @param reread the configuration as the command line and config file give it now, for SIGHUP
     */
    static Daemon start(Config config, InstantSource clock, Supplier<Config> reread) throws IOException {
        log.info("logqd {} starting: node {}, data in {}", Logqd.version(), config.node(), config.dataDir());
        Store store = openStore(config, clock);
        Daemon daemon = new Daemon(config, clock, store, reread);
        try {
            daemon.bindAll();
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(daemon.shutdownHook);
        daemon.stopOnSignals();
        daemon.systemd.ready("receiving and serving");
        return daemon;
    }

    private static Store openStore(Config config, InstantSource clock) throws IOException {
        try {
            return Store.open(config.store(), clock);
        } catch (IOException e) {
            throw new IOException("cannot open the store in " + config.dataDir() + ": " + e.getMessage()
                    + " (is it writable, and not used by another logqd? see --data-dir)", e);
        }
    }

    private void bindAll() throws IOException {
        SyslogParser parser = new SyslogParser(clock, config.rfc3164Zone());
        HostGauges hostGauges = new HostGauges(registry);
        DiskFloor appender = floor = new DiskFloor(batch -> {
            hostGauges.observe(batch);
            return store.append(batch);
        }, config.dataDir(), config.minFreeDisk(), registry);
        tls = config.tls() != null ? new Tls(config.tls(), registry) : null;
        List<String> bound = new ArrayList<>();
        int max = config.maxMessageBytes();
        if (config.syslogTcp().enabled()) {
            bindTcp("--syslog-tcp", config.syslogTcp(), null, new SyslogTcpInitializer(parser, intake(appender, "syslog-tcp"), max));
            bound.add("syslog tcp " + config.syslogTcp());
        }
        if (config.syslogTls().enabled()) {
            bindTcp("--syslog-tls", config.syslogTls(), tls, new SyslogTcpInitializer(parser, intake(appender, "syslog-tls"), max));
            bound.add("syslog tls " + config.syslogTls() + (config.tls().ca() != null ? " (client certificates required)" : ""));
        }
        if (config.relp().enabled()) {
            bindTcp("--relp", config.relp(), tls, new RelpInitializer(parser, intake(appender, "relp"), max));
            bound.add("relp " + config.relp() + (tls == null ? "" : config.tls().ca() == null ? " (plain or TLS)" : " (TLS with client certificates)"));
        }
        if (config.syslogUdp().enabled()) {
            Bootstrap udp = new Bootstrap().group(workers).channel(transport.datagramChannel())
                    .option(ChannelOption.SO_RCVBUF, config.udpReceiveBuffer())
                    .handler(new SyslogUdpHandler(parser, intake(appender, "syslog-udp"), max));
            listeners.add(bind("--syslog-udp", config.syslogUdp(), udp.bind(config.syslogUdp().socketAddress())));
            bound.add("syslog udp " + config.syslogUdp());
        }
        HttpApi.Limits httpLimits = new HttpApi.Limits(config.requestTimeout(), config.httpIdleTimeout(), config.maxRequestBytes(),
                config.maxMessageBytes());
        if (config.replication().enabled() || !config.peers().isEmpty()) {
            Tls peerTls = tls != null && tls.mutual() ? tls : null;  // between peers, TLS is mutual or none
            replication = new Replication(store, appender, peerTls, transport, workers, registry, clock, config.backpressure().busyRetry());
            if (config.replication().enabled()) {
                bindTcp("--replication", config.replication(), peerTls, replication.receivers());
                bound.add("replication " + config.replication() + (peerTls != null ? " (mutual TLS)" : ""));
            }
        }
        if (config.alerts() != null) {
            Replication peers = replication;
            alerts = Alerts.start(config.alerts(), config.dataDir(), store, clock, registry, SelfStats.hostname(Path.of("/")),
                    peers == null ? Set::of : peers::reachablePeers);
        }
        // logq import: replicated events, each (origin, seq) kept once
        EventAppender imports = batch -> appender.unlessFull(() -> store.appendReplicated(batch));
        HttpApi api = new HttpApi(store, intake(appender, "http"), registry, searches, config.apiToken(), httpLimits, clock,
                replication == null ? null : replication::status, imports, alerts);
        bindTcp("--http", config.http(), null, api);
        bound.add("http " + config.http());
        if (config.httpTls().enabled()) {
            bindTcp("--http-tls", config.httpTls(), tls, api);
            bound.add("https " + config.httpTls() + (config.tls().ca() != null ? " (client certificates required)" : ""));
        }
        log.info("logqd listening ({}): {}", transport.name(), String.join(", ", bound));
        if (replication != null) {
            replication.start(config.peers());
        }
        reloadOnHangup();
        if (config.selfStats() != null) {
            startSelfStats(appender);
        }
    }

    /** {@code --self-stats}: this host's samples, appended as the agent's would arrive. */
    private void startSelfStats(EventAppender appender) throws IOException {
        String host = SelfStats.hostname(Path.of("/"));
        selfStats = SelfStats.start(Path.of("/"), config.selfStats().toSeconds(),
                json -> appender.append(List.of(HostStats.own(json, host, clock.instant()))),
                e -> log.warn("--self-stats stopped: {}", e.getMessage()));
        log.info("sampling this host every {} s as app logq-perfmon (--self-stats)", selfStats.periodSeconds());
    }

    /** Where the events of one listener go, counted under its name. */
    private Intake intake(EventAppender appender, String listener) {
        return new Intake(appender, new ListenerMetrics(registry, listener), config.backpressure(), clock);
    }

    /**
     * @param tls TLS for this listener, or null; RELP takes TLS and plain connections on its one port,
     *            only TLS with client certificates when --tls-ca asks for mutual TLS
     */
    private void bindTcp(String option, ListenAddress address, Tls tls, ChannelInitializer<SocketChannel> initializer) {
        String listener = option.substring(2);
        ConnectionLimit limit = new ConnectionLimit(registry, listener, option, config.maxConnections());
        connectionLimits.add(limit);
        // HTTP has its own; a peer with nothing to send is idle, not gone
        boolean idleCheck = !option.startsWith("--http") && !option.equals("--replication") && config.idleTimeout() != null;
        ServerBootstrap server = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!limit.admit(ch)) {
                            return;
                        }
                        connections.add(ch);
                        if (tls != null) {
                            // RELP keeps taking plain connections beside TLS, unless mutual TLS is asked for
                            tls.addTo(ch.pipeline(), option, option.equals("--relp") && config.tls().ca() == null);
                        }
                        if (idleCheck) {
                            IdleCloser.afterSilence(ch.pipeline(), config.idleTimeout(), option);
                        }
                        ch.pipeline().addLast(initializer);
                    }
                });
        listeners.add(bind(option, address, server.bind(address.socketAddress())));
    }

    /**
     * SIGHUP reads the TLS certificate and key again (sun.misc.Signal: the JDK has no supported API for it).
     * A process started with SIGHUP ignored (under nohup) cannot catch it, and the JVM then installs nothing
     * and says so only by handing back SIG_IGN: logqd says it at start instead of ignoring kill -HUP silently.
     */
    @SuppressWarnings("sunapi")
    private void reloadOnHangup() {
        String cannot = "restart logqd to load a new TLS certificate, peer list or limits";
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                log.warn("SIGHUP is ignored by this process (was logqd started under nohup?), so kill -HUP cannot reload: {}, "
                        + "or start it without nohup (a systemd unit, or setsid)", cannot);
            }
        } catch (IllegalArgumentException unavailable) {
            log.warn("cannot catch SIGHUP here ({}); {}", unavailable.getMessage(), cannot);
        }
    }

    /**
     * SIGTERM and SIGINT close the daemon here, so that {@link #awaitShutdown} returns and logqd exits 0.
     * Where the JVM does not let them be caught (-Xrs), the shutdown hook still stops it as cleanly.
     */
    @SuppressWarnings("sunapi")
    private void stopOnSignals() {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    log.info("SIG{} received", name);
                    close();
                });
            } catch (IllegalArgumentException unavailable) {
                log.debug("cannot catch SIG{}: {}", name, unavailable.getMessage());
            }
        }
    }

    /**
     * SIGHUP: the TLS files and the alert rules, and from the command line and config file as they are now
     * the peer list, --max-connections, --min-free-disk and the retention limits. A configuration that does
     * not read keeps those as they were.
     */
    private void reload() {
        if (tls != null) {
            tls.reload();
        }
        if (alerts != null) {
            alerts.reload();  // its own files, whatever the config file says now
        }
        Config now;
        try {
            now = reread.get();
        } catch (RuntimeException e) {
            log.warn("the configuration does not read now, so the peer list stays as it was, as do the limits: {}", e.getMessage());
            return;
        }
        if (replication != null) {
            replication.update(now.peers());
        }
        connectionLimits.forEach(limit -> limit.setMax(now.maxConnections()));
        floor.setMinFree(now.minFreeDisk());
        log.info("limits after SIGHUP: --max-connections {}, --min-free-disk {}", now.maxConnections(), Units.bytesText(now.minFreeDisk()));
        try {
            store.updateRetention(now.store().retention(), now.store().retainBytes());
            log.info("retention after SIGHUP: --retention {}, --retain-bytes {}", now.store().retention() == null ? "off" : now.store().retention(),
                    now.store().retainBytes() == 0 ? "off" : now.store().retainBytes() < 0 ? "auto" : now.store().retainBytes());
        } catch (IOException | RuntimeException e) {
            log.warn("retention stays as it was: {}", e.getMessage());
        }
    }

    private static Channel bind(String option, ListenAddress address, ChannelFuture binding) {
        binding.awaitUninterruptibly();
        if (!binding.isSuccess()) {
            String reason = binding.cause().getMessage();
            String hint = reason != null && reason.toLowerCase().contains("in use")
                    ? "is another logqd or syslog daemon running? change " + option
                    : "see " + option;
            throw new IllegalStateException("cannot listen on " + address + " for " + option + ": " + reason + " (" + hint + ")");
        }
        return binding.channel();
    }

    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        systemd.stopping();
        log.info("logqd stopping: closing listeners and connections");
        listeners.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (alerts != null) {
            alerts.close();  // it follows the journal, and saves where it got to
        }
        if (replication != null) {
            replication.close();  // its senders stop reading the journal before the store closes
        }
        if (selfStats != null) {
            try {
                selfStats.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Let the event loops run what the closing connections queued (their last batches) before the store closes.
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        searches.shutdownNow();
        try {
            store.close();
            log.info("logqd stopped: journal and index closed cleanly");
        } catch (IOException | RuntimeException e) {
            log.error("logqd stopped, but closing the store failed: {}", e.toString());
        }
        nodeMetrics.close();
        registry.close();
        stopped.countDown();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or ran this
            }
        }
    }

    private void closeQuietly() {
        close();
    }
}
