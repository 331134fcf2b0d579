package dev.logq.collector;

import dev.logq.store.Store;
import dev.logq.store.StoreConfig;
import dev.logq.store.StoreStatus;
import dev.logq.store.model.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code logqd reindex [--since TIME] [logqd's flags]}: with logqd stopped, deletes the index partitions
 * that hold events from TIME on (all without --since) and builds them again from the journal, printing its
 * progress; the journal is the truth, the index only makes it fast. logqd's own flags ({@code --config},
 * {@code --data-dir}, {@code --partition}, ...) say which store, as they do for the daemon.
 */
final class Reindex {

    static final String USAGE = """
            Usage: logqd reindex [--since TIME] [--config FILE | --data-dir DIR ...]
            Rebuilds index partitions from the journal, with logqd stopped: those holding events from TIME on
            (a span back from now, 2d, or a time, 2026-11-20T00:00:00Z), or all of them. Takes logqd's own
            flags or config file, to find the data directory and partition period.
              logqd reindex --config /etc/logq/logqd.conf --since 2d
            Exit status: 0 when rebuilt, 1 if it failed, 2 on bad flags.""";

    private Reindex() {}

    static int run(String[] args, PrintStream err) {
        List<String> logqdArgs = new ArrayList<>();
        String since = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                err.println(USAGE);
                return 0;
            } else if (args[i].equals("--since") && i + 1 < args.length) {
                since = args[++i];
            } else if (args[i].startsWith("--since=")) {
                since = args[i].substring("--since=".length());
            } else {
                logqdArgs.add(args[i]);
            }
        }
        StoreConfig config;
        Instant from;
        try {
            Logqd logqd = new Logqd();
            String[] rest = logqdArgs.toArray(String[]::new);
            Logqd.commandLine(logqd, rest).parseArgs(rest);
            config = logqd.toConfig().store();
            from = since == null ? null : time(since);
        } catch (IllegalArgumentException | CommandLine.ParameterException e) {
            err.println("logqd reindex: " + e.getMessage() + " (see logqd reindex --help)");
            return 2;
        }
        try {
            List<String> dropped = Store.dropIndex(config, from);
            err.println("logqd reindex: removed " + dropped.size() + " index partition(s)" + (dropped.isEmpty() ? "" : " " + dropped)
                    + "; reading the journal in " + config.dataDir() + " again");
            rebuild(config, err);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("logqd reindex: " + e.getMessage());
            return 1;
        }
    }

    /** Opens the store, which builds what is missing, and waits until the index holds the whole journal. */
    private static void rebuild(StoreConfig config, PrintStream err) throws IOException {
        long started = System.nanoTime();
        long said = 0;
        try (Store store = Store.open(config, InstantSource.system())) {
            StoreStatus status = store.status();
            while (status.indexLag() > 0) {
                if (System.nanoTime() - said > Duration.ofSeconds(5).toNanos()) {
                    said = System.nanoTime();
                    err.printf("logqd reindex: %,d of %,d journal events read (%d%%)%n", status.indexedEvents(), status.journalEvents(),
                            status.journalEvents() == 0 ? 100 : status.indexedEvents() * 100 / status.journalEvents());
                }
                sleep();
                status = store.status();
            }
            err.printf("logqd reindex: done, %,d journal events in %d partition(s), in %d s%n", status.journalEvents(),
                    status.partitions(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notATime) {
            try {
                return Instant.now().minus(Units.duration(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--since '" + text + "' is neither a span back from now (2d) nor a time (2026-11-20T00:00:00Z)");
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
