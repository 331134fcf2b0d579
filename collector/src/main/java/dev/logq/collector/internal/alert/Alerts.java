package dev.logq.collector.internal.alert;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logq.store.Store;
import dev.logq.store.model.Event;
import dev.logq.store.model.FollowSink;
import dev.logq.store.model.Query;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting on one node: the rules of the rules directory, evaluated on every event as it is appended to
 * the journal (this node's own and those its peers replicate to it), with notifications sent by the
 * rule's owner only.
 *
 * <p><b>Evaluation</b> runs on one thread, {@code logq-alerts}, which follows the journal as
 * {@code logq -f} does, at the indexer's lower OS priority: it never holds ingest up (under a burst it
 * falls behind and catches up, its lag on /metrics as {@code logq_alert_lag_seconds}), and once a second
 * it lets time pass for every rule.
 *
 * <p><b>One sender</b>: every node evaluates every rule over the same events, and the rule's owner
 * sends: of this node and the peers it is connected to now (either way), the one whose name hashes
 * highest with the rule's name (rendezvous hashing, {@link #ownerOf}). All nodes agree while they see
 * each other; when the owner goes down, its peers see its links drop and the next one takes the rule
 * over, with the state it kept all along. In a partition each side sends: a duplicate rather than silence.
 *
 * <p><b>State</b> ({@code DATA/alerts/state.json}, written every {@value #SAVE_EVERY_MS} ms when it
 * changed, and at stop) holds each rule's groups and silence and the journal position evaluated up to, so
 * a restart resumes after it: a firing alert is not sent again, and events that came in during the
 * restart are still evaluated. A notification being sent at the moment of a kill -9 can be lost.
 */
public final class Alerts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final long TICK_MS = 1000;
    private static final long SAVE_EVERY_MS = 2000;
    private static final Duration TEST_SPAN = Duration.ofHours(1);
    private static final int TEST_EVENTS = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What is saved: each rule's state by name, and the journal position evaluated up to. */
    static final class Saved {
        public long position = -1;
        public Map<String, RuleState> rules = new LinkedHashMap<>();
    }

    private final Path dir;
    private final Path stateFile;
    private final Store store;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final String node;
    private final String hostname;
    private final Supplier<Set<String>> reachablePeers;
    private final Delivery delivery;
    private final long startedAt;
    private final Thread thread;
    private List<Evaluator> evaluators = List.of();
    private List<String> refused = List.of();
    private Map<String, RuleState> states = new LinkedHashMap<>();
    private long position;
    private long lastTick;
    private long lastSave;
    private boolean dirty;
    private volatile long lagMillis;
    private volatile boolean stopping;

    private Alerts(Path dir, Path dataDir, Store store, InstantSource clock, MeterRegistry registry, String hostname,
            Supplier<Set<String>> reachablePeers) {
        this.dir = dir;
        this.stateFile = dataDir.resolve("alerts").resolve("state.json");
        this.store = store;
        this.clock = clock;
        this.registry = registry;
        this.node = store.node();
        this.hostname = hostname;
        this.reachablePeers = reachablePeers;
        this.startedAt = clock.millis();
        this.delivery = new Delivery(registry, new Outcome());
        this.thread = Thread.ofPlatform().name("logq-alerts").daemon().unstarted(Store.atLowPriority(this::follow));
    }

    /**
     * Loads the rules of {@code dir} and the saved state, and starts evaluating.
     *
     * @param reachablePeers the peers this node is connected to now, for who sends (empty without replication)
     */
    public static Alerts start(Path dir, Path dataDir, Store store, InstantSource clock, MeterRegistry registry, String hostname,
            Supplier<Set<String>> reachablePeers) {
        Alerts alerts = new Alerts(dir, dataDir, store, clock, registry, hostname, reachablePeers);
        Saved saved = alerts.readState();
        synchronized (alerts) {
            alerts.states = saved.rules;
            alerts.position = saved.position;
            alerts.load();
        }
        Gauge.builder("logq_alert_lag_seconds", alerts, a -> a.lagMillis / 1000.0)
                .description("how far alert evaluation is behind the newest event it read").register(registry);
        Gauge.builder("logq_alert_rules", alerts, a -> a.ruleCount()).description("alert rules loaded").register(registry);
        Gauge.builder("logq_alert_rules_refused", alerts, a -> a.refusedCount()).description("alert rules refused at the last load")
                .register(registry);
        Gauge.builder("logq_alert_firing", alerts, a -> a.firingCount()).description("alert rules with a group firing").register(registry);
        alerts.thread.start();
        return alerts;
    }

    /** kill -HUP: the rule files again; rules whose section did not change keep their state. */
    public synchronized void reload() {
        load();
    }

    private void load() {
        RuleFiles.Loaded loaded;
        try {
            loaded = RuleFiles.read(dir, hostname);
        } catch (IOException e) {
            log.warn("alerts: cannot read the rules in {} ({}); the rules stay as they were", dir, e.toString());
            return;
        }
        if (!Files.isDirectory(dir)) {
            log.warn("alerts: {} is not a directory, so there are no rules (create it, put *.conf rules in it, and kill -HUP logqd)", dir);
        }
        List<Rule> rules = new ArrayList<>(loaded.rules());
        List<String> refusals = new ArrayList<>(loaded.refused());
        SmtpClient smtp = new SmtpClient(loaded.mail(), hostname);
        if (rules.stream().anyMatch(Alerts::mails)) {
            String down = smtp.probe();
            if (down != null) {
                for (Rule r : List.copyOf(rules)) {
                    if (mails(r)) {
                        rules.remove(r);
                        refusals.add(r.where() + ": rule " + r.name() + " refused: " + down + " (is the MTA running? see [mail] relay)");
                    }
                }
            }
        }
        delivery.useMail(smtp);
        Map<String, RuleState> next = new LinkedHashMap<>();
        List<Evaluator> running = new ArrayList<>();
        for (Rule r : rules) {
            RuleState s = states.get(r.name());
            if (s == null || !r.definition().equals(s.definition)) {
                RuleState fresh = new RuleState();
                fresh.since = clock.millis();
                if (s != null) {
                    fresh.silencedUntil = s.silencedUntil;  // a silence outlives an edit of the rule
                }
                s = fresh;
                s.definition = r.definition();
            }
            next.put(r.name(), s);
            running.add(new Evaluator(r, s, node, startedAt, this::announce));
        }
        refusals.forEach(line -> log.warn("alerts: {}", line));
        states = next;
        evaluators = List.copyOf(running);
        refused = List.copyOf(refusals);
        dirty = true;
        log.info("alerts: {} {} from {}{}", rules.size(), rules.size() == 1 ? "rule" : "rules", dir, refusals.isEmpty() ? "" : ", " + refusals.size() + " refused (above)");
    }

    private static boolean mails(Rule r) {
        return r.notifiers().stream().anyMatch(n -> n instanceof Notifier.Mail);
    }

    /** The evaluation thread: follows the journal from the saved position (or its end) until stopped. */
    private void follow() {
        long after;
        synchronized (this) {
            after = position;
        }
        try {
            store.follow(Query.all(), after, 0, new FollowSink() {
                @Override
                public boolean accept(Event event, long at) {
                    evaluate(event, at);
                    return !stopping;
                }

                @Override
                public boolean idle() {
                    lagMillis = 0;
                    passTime();
                    return !stopping;
                }
            });
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                log.error("alerts: evaluation stopped: {}; no alerts until logqd restarts", e.toString());
            }
        }
    }

    private synchronized void evaluate(Event event, long at) {
        long now = clock.millis();
        for (Evaluator ev : evaluators) {
            ev.offer(event, now);
        }
        position = at;
        dirty = true;
        lagMillis = Math.max(0, now - event.received().toEpochMilli());
        if (now - lastTick >= TICK_MS) {
            passTime();
        }
    }

    private synchronized void passTime() {
        long now = clock.millis();
        if (now - lastTick >= TICK_MS) {
            lastTick = now;
            evaluators.forEach(ev -> ev.tick(now));
        }
        if (dirty && now - lastSave >= SAVE_EVERY_MS) {
            save();
        }
    }

    /** The evaluators' decisions: silenced ones held back, the owner's sent, the others' left to their owner. */
    private boolean announce(Rule rule, RuleState state, Notification n) {
        long now = n.at().toEpochMilli();
        dirty = true;
        if (state.silenced(now)) {
            log.info("alert {}: {} held back, the rule is silenced until {}", rule.name(), n.kind().label, Instant.ofEpochMilli(state.silencedUntil));
            count("silenced");
            return false;
        }
        String owner = ownerOf(rule.name(), node, reachablePeers.get());
        state.lastSent = now;
        state.lastSentBy = owner;
        if (!owner.equals(node)) {
            log.debug("alert {}: {} is {}'s to send (the rule's owner)", rule.name(), n.kind().label, owner);
            count("left_to_owner");
            return true;
        }
        count("decided");
        delivery.send(rule, n);
        return true;
    }

    private void count(String what) {
        Counter.builder("logq_alert_decisions").description("alert messages decided: sent here, left to the rule's owner, or held by a silence")
                .tags("outcome", what).register(registry).increment();
    }

    /**
     * The node that sends a rule's notifications: of {@code self} and the {@code peers} it reaches, the one
     * whose name hashes highest with the rule's name. Every node computes the same answer from the same
     * set, and a rule moves only when its owner comes or goes.
     */
    static String ownerOf(String rule, String self, Set<String> peers) {
        String best = self;
        long bestScore = score(rule, self);
        for (String peer : peers) {
            long s = score(rule, peer);
            if (s > bestScore || (s == bestScore && peer.compareTo(best) < 0)) {
                best = peer;
                bestScore = s;
            }
        }
        return best;
    }

    /** A 64-bit mix of the two names (FNV-1a, then a finaliser), the same on every node and JVM. */
    private static long score(String rule, String node) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (rule + "\u0000" + node).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** What {@code logq alerts} shows: each rule with its state, and the refused ones. */
    public synchronized Map<String, Object> status() {
        long now = clock.millis();
        List<Map<String, Object>> rules = new ArrayList<>();
        Set<String> peers = reachablePeers.get();
        for (Evaluator ev : evaluators) {
            Rule r = ev.rule();
            RuleState s = ev.state();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("file", r.where());
            m.put("rule", r.summary());
            m.put("notify", r.notifiers().stream().map(n -> n.kind() + " " + n.target()).toList());
            m.put("state", s.silenced(now) ? "silenced" : s.firing() ? "firing" : "ok");
            m.put("firing", s.groups.entrySet().stream().filter(g -> g.getValue().firing).map(Map.Entry::getKey).toList());
            m.put("silenced_until", s.silenced(now) ? Instant.ofEpochMilli(s.silencedUntil).toString() : null);
            m.put("last_sent", s.lastSent == 0 ? null : Instant.ofEpochMilli(s.lastSent).toString());
            m.put("last_sent_by", s.lastSentBy);
            m.put("owner", ownerOf(r.name(), node, peers));
            m.put("sent", s.sent);
            m.put("failed", s.failed);
            m.put("last_error", s.lastError);
            m.put("last_error_at", s.lastErrorAt == 0 ? null : Instant.ofEpochMilli(s.lastErrorAt).toString());
            rules.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node);
        out.put("rules_dir", dir.toString());
        out.put("lag_seconds", lagMillis / 1000.0);
        out.put("rules", rules);
        out.put("refused", refused);
        return out;
    }

    /** Silences a rule until {@code span} from now (zero lifts it); false if there is no such rule. */
    public synchronized boolean silence(String rule, Duration span) {
        RuleState s = states.get(rule);
        if (s == null) {
            return false;
        }
        s.silencedUntil = span.isZero() ? 0 : clock.millis() + span.toMillis();
        dirty = true;
        save();
        log.info("alert {}: {}", rule, span.isZero() ? "silence lifted" : "silenced until " + Instant.ofEpochMilli(s.silencedUntil));
        return true;
    }

    /**
     * {@code logq alerts test}: what the rule would have sent over the last hour of this node's events,
     * evaluated afresh as if they were arriving now, sending nothing; null if there is no such rule.
     */
    List<Notification> test(String name) throws IOException {
        Rule rule;
        synchronized (this) {
            rule = evaluators.stream().map(Evaluator::rule).filter(r -> r.name().equals(name)).findFirst().orElse(null);
        }
        if (rule == null) {
            return null;
        }
        long now = clock.millis();
        List<Notification> out = new ArrayList<>();
        RuleState afresh = new RuleState();
        afresh.since = now - TEST_SPAN.toMillis();
        Evaluator ev = new Evaluator(rule, afresh, node, afresh.since, (r, s, n) -> out.add(n));
        Query q = rule.query().query();
        Query window = new Query(q.pattern(), q.mode(), q.ignoreCase(), q.invert(), q.wordRegexp(), q.lineRegexp(),
                Instant.ofEpochMilli(now - TEST_SPAN.toMillis()), null, q.hosts(), q.apps(), q.severities(), TEST_EVENTS,
                Query.Order.OLDEST_FIRST, false, q.fields());
        long[] clockAt = {now - TEST_SPAN.toMillis()};
        store.search(window, e -> {
            long at = Math.max(clockAt[0], e.received().toEpochMilli());
            for (long t = clockAt[0] + TICK_MS; t < at; t += TICK_MS) {
                ev.tick(t);
            }
            clockAt[0] = at;
            ev.offer(e, at);
            return true;
        });
        for (long t = clockAt[0] + TICK_MS; t <= now; t += TICK_MS) {
            ev.tick(t);
        }
        return out;
    }

    /** {@link #test}'s notifications as JSON lines, each as a webhook would get it; null if there is no such rule. */
    public List<String> testLines(String name) throws IOException {
        List<Notification> sent = test(name);
        return sent == null ? null : sent.stream().map(Notification::json).toList();
    }

    private synchronized int ruleCount() {
        return evaluators.size();
    }

    private synchronized int refusedCount() {
        return refused.size();
    }

    private synchronized long firingCount() {
        return states.values().stream().filter(RuleState::firing).count();
    }

    /** Records each delivery's outcome on its rule's state. */
    private final class Outcome implements Delivery.Outcome {
        @Override
        public void delivered(Rule rule, Notifier notifier) {
            synchronized (Alerts.this) {
                RuleState s = states.get(rule.name());
                if (s != null) {
                    s.sent++;
                    dirty = true;
                }
            }
        }

        @Override
        public void failed(Rule rule, Notifier notifier, String error) {
            synchronized (Alerts.this) {
                RuleState s = states.get(rule.name());
                if (s != null) {
                    s.failed++;
                    s.lastError = error;
                    s.lastErrorAt = clock.millis();
                    dirty = true;
                }
            }
        }
    }

    private Saved readState() {
        try {
            return JSON.readValue(Files.readAllBytes(stateFile), Saved.class);
        } catch (NoSuchFileException none) {
            return new Saved();
        } catch (IOException unreadable) {
            log.warn("alerts: {} does not read ({}); starting with no alert state, from the journal's end", stateFile, unreadable.getMessage());
            return new Saved();
        }
    }

    private void save() {
        Saved s = new Saved();
        s.position = position;
        s.rules = states;
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling("state.json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(s));
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
            lastSave = clock.millis();
        } catch (IOException e) {
            log.warn("alerts: cannot save the alert state to {}: {}", stateFile, e.toString());
            lastSave = clock.millis();
        }
    }

    /** Stops evaluating and sending, and saves the state; before the store closes. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.close();
        synchronized (this) {
            save();
        }
    }
}
