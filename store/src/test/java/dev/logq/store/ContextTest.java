package dev.logq.store;

import static dev.logq.store.StoreFixtures.T0;
import static dev.logq.store.StoreFixtures.awaitIndexed;
import static dev.logq.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logq.store.StoreFixtures.MutableClock;
import dev.logq.store.model.ContextSink;
import dev.logq.store.model.Event;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.Order;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** grep's -A/-B on one host+app stream, against GNU grep on the same lines; and several streams. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextTest {

    static final String GREP = "/usr/bin/grep";

    @TempDir
    static Path dir;
    Store store;
    List<String> web1 = new ArrayList<>();

    @BeforeAll
    void fill() throws Exception {
        store = Store.open(config(dir, "node1"), new MutableClock(T0.plusSeconds(86400)));
        String[] words = {"ok", "ERROR disk", "ok", "ok", "warn", "ERROR net", "ERROR disk", "ok", "ok", "ok", "ok", "ok",
            "ERROR cpu", "ok", "warn", "ok", "ok", "ok", "ok", "ok", "ok", "ERROR disk"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 66; i++) {
            String msg = words[i % words.length] + " line " + i;
            web1.add(msg);
            events.add(StoreFixtures.event(T0.plusSeconds(2L * i), "web1", "sshd", Severity.INFO, msg));
            // another stream in between, which must never show in web1's context
            events.add(StoreFixtures.event(T0.plusSeconds(2L * i + 1), "db1", "sshd", Severity.INFO, "ERROR other " + i));
        }
        store.append(events).get();
        awaitIndexed(store);
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    static Query query(String pattern, Set<String> hosts) {
        return new Query(pattern, PatternMode.BASIC, false, false, false, false, null, null, hosts, Set.of(), null, 0, Order.OLDEST_FIRST, false);
    }

    List<String> context(Query q, int before, int after) throws IOException {
        List<String> out = new ArrayList<>();
        store.searchWithContext(q, before, after, new ContextSink() {
            @Override
            public boolean accept(Event e) {
                out.add(e.msg());
                return true;
            }

            @Override
            public boolean separator() {
                out.add("--");
                return true;
            }
        });
        return out;
    }

    List<String> grep(String pattern, int before, int after) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(GREP)), "GNU grep at " + GREP);
        Path file = dir.resolve("web1.txt");
        Files.write(file, web1);
        Process p = new ProcessBuilder(GREP, "-B", String.valueOf(before), "-A", String.valueOf(after), "-e", pattern, file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void oneStreamPrintsWhatGrepPrintsForEveryContext() throws Exception {
        for (String pattern : List.of("ERROR", "ERROR disk", "warn", "line 0$", "line 65$", "nothing at all")) {
            for (int[] ba : new int[][] {{0, 0}, {1, 0}, {0, 1}, {2, 2}, {3, 1}, {1, 4}, {5, 5}, {30, 0}}) {
                assertEquals(grep(pattern, ba[0], ba[1]), context(query(pattern, Set.of("web1")), ba[0], ba[1]),
                        "-B " + ba[0] + " -A " + ba[1] + " " + pattern);
            }
        }
    }

    @Test
    void severalStreamsPrintEachGroupWholeWithASeparatorBetween() throws Exception {
        List<String> out = context(query("line 1$\\|other 1$", Set.of()), 1, 1);
        assertEquals(List.of("ok line 0", "ERROR disk line 1", "ok line 2", "--",
                "ERROR other 0", "ERROR other 1", "ERROR other 2"), out);
    }
}
