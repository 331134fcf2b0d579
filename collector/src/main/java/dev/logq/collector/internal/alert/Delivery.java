package dev.logq.collector.internal.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications, away from the thread that evaluates rules (which never waits for a relay or a
 * webhook): two sender threads, each attempt bounded by {@value #TIMEOUT_MS} ms, a failed attempt retried
 * 1 s later, then 2, 4, ... (at most 5 minutes apart) up to the rule's {@code retries}; the last failure
 * is logged in one line and counted. At most {@value #MAX_PENDING} notifications wait; more are dropped
 * and counted, so a notifier that is down for long costs bounded memory.
 *
 * <pre>
 * logq_alert_notifications_total{notifier,outcome=sent|retried|failed|dropped}
 * </pre>
 */
final class Delivery implements AutoCloseable {

    /** What happened to one notification on one notifier, for the rule's state. */
    interface Outcome {
        void delivered(Rule rule, Notifier notifier);

        void failed(Rule rule, Notifier notifier, String error);
    }

    static final int TIMEOUT_MS = 10_000;
    static final int MAX_PENDING = 1000;
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final long FIRST_BACKOFF_MS = 1000;
    private static final long MAX_BACKOFF_MS = Duration.ofMinutes(5).toMillis();

    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("logq-alerts-send-", 0).daemon().factory());
    private final AtomicInteger pending = new AtomicInteger();
    private final MeterRegistry registry;
    private final Outcome outcome;
    private volatile SmtpClient smtp;

    Delivery(MeterRegistry registry, Outcome outcome) {
        this.registry = registry;
        this.outcome = outcome;
    }

    void useMail(SmtpClient client) {
        smtp = client;
    }

    /** Queues the notification for each of the rule's notifiers. */
    void send(Rule rule, Notification n) {
        for (Notifier notifier : rule.notifiers()) {
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                count(notifier, "dropped");
                log.warn("alert {}: {} notifications are waiting already; dropping this one to {} {}", rule.name(), MAX_PENDING,
                        notifier.kind(), notifier.target());
                continue;
            }
            schedule(rule, notifier, n, 0, 0);
        }
    }

    private void schedule(Rule rule, Notifier notifier, Notification n, int attempt, long delayMs) {
        try {
            senders.schedule(() -> attempt(rule, notifier, n, attempt), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            pending.decrementAndGet();
        }
    }

    private void attempt(Rule rule, Notifier notifier, Notification n, int attempt) {
        try {
            deliver(notifier, n);
            pending.decrementAndGet();
            count(notifier, "sent");
            log.info("alert {}: {}{} sent to {} {}", rule.name(), n.kind().label, n.group().isEmpty() ? "" : " (" + n.group() + ")",
                    notifier.kind(), notifier.target());
            outcome.delivered(rule, notifier);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (attempt < rule.retries()) {
                count(notifier, "retried");
                long wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 20));
                log.debug("alert {}: {} {} failed ({}); retry {} of {} in {} ms", rule.name(), notifier.kind(), notifier.target(), why,
                        attempt + 1, rule.retries(), wait);
                schedule(rule, notifier, n, attempt + 1, wait);
                return;
            }
            pending.decrementAndGet();
            count(notifier, "failed");
            log.warn("alert {}: could not notify {} {} after {} attempts: {}", rule.name(), notifier.kind(), notifier.target(), attempt + 1, why);
            outcome.failed(rule, notifier, notifier.kind() + " " + notifier.target() + ": " + why);
        }
    }

    private void deliver(Notifier notifier, Notification n) throws IOException {
        switch (notifier) {
            case Notifier.Mail mail -> {
                SmtpClient client = smtp;
                if (client == null) {
                    throw new IOException("no mail relay is set up");
                }
                client.send(mail.to(), n.subject(), n.text());
            }
            case Notifier.Webhook hook -> post(hook, n.json().getBytes(StandardCharsets.UTF_8));
            case Notifier.Exec exec -> run(exec, (n.json() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void post(Notifier.Webhook hook, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) hook.url().toURL().openConnection();
        try {
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("User-Agent", "logqd-alerts");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readNBytes(64 << 10);
                }
            }
            if (status / 100 != 2) {
                throw new IOException("the webhook answered " + status + " " + c.getResponseMessage());
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("the webhook") ? e
                    : new IOException("cannot reach the webhook " + hook.target() + ": " + e, e);
        } finally {
            c.disconnect();
        }
    }

    /** Runs the command without a shell, the alert on its stdin; its output goes to logqd's log, its status must be 0. */
    private static void run(Notifier.Exec exec, byte[] json) throws IOException {
        Process p = new ProcessBuilder(exec.command()).redirectErrorStream(true).start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(json);
            } catch (IOException closedEarly) {
                // a command that does not read its stdin is fine
            }
            byte[][] output = {new byte[0]};
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream out = p.getInputStream()) {
                    output[0] = out.readNBytes(4096);
                    out.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ended) {
                    // killed at the timeout
                }
            });
            if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IOException(exec.target() + " did not end within " + TIMEOUT_MS / 1000 + " s, and was killed");
            }
            reader.join(1000);
            if (p.exitValue() != 0) {
                String said = new String(output[0], StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
                throw new IOException(exec.target() + " exited with status " + p.exitValue() + (said.isEmpty() ? "" : ": " + said));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    private void count(Notifier notifier, String outcome) {
        Counter.builder("logq_alert_notifications").description("alert notifications, by notifier and outcome")
                .tags("notifier", notifier.kind(), "outcome", outcome).register(registry).increment();
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
