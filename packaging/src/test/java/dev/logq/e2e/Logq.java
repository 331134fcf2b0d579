package dev.logq.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The real {@code bin/logq} launcher. */
final class Logq {

    private Logq() {}

    static Run run(List<String> nodes, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Dist.bin("logq").toString());
        for (String node : nodes) {
            command.add("--node");
            command.add(node);
        }
        command.addAll(List.of(args));
        return Run.of(command, Map.of("LC_ALL", "C.UTF-8"), null);
    }

    static Run run(LogqdProcess node, String... args) {
        return run(List.of(node.url()), args);
    }

    /** Runs the query until its result satisfies the condition or the time is up; returns the last run. */
    static Run until(LogqdProcess node, Predicate<Run> condition, Duration timeout, String... args) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Run last;
        do {
            last = run(node, args);
            if (condition.test(last)) {
                return last;
            }
            LogqdProcess.sleep(200);
        } while (System.nanoTime() < deadline);
        return last;
    }
}
