package dev.logq.store.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The copies of one sending: a client that forwards every message to several log servers (rsyslog with
 * one action per server) puts the same event on each, and replication then puts each of those on every
 * node, once per origin. Such events have different {@code (origin, seq)} but the same
 * {@code (ts, host, app, procid, msg)}, their content. They are shown as many times as the client sent
 * them: for each content, the copies of the origin that holds most of them (ties go to the smallest
 * origin name); copies from other origins are hidden. Repeats within one origin are real repeats and
 * stay. Query with {@code allCopies} (logq {@code --all-copies}) to see every stored copy.
 *
 * <p>Copies share {@code ts}, so a time-ordered stream is collapsed one timestamp at a time: the
 * search engine here and logq, which merges several nodes' answers, apply the same rule.
 */
public final class Copies {

    private Copies() {}

    /**
     * The events of {@code run} to show, in their order.
     *
     * @param run     events that all have the same timestamp
     * @param content what makes two events copies (equal and hashable)
     * @param origin  the origin of an event, null for none
     */
    public static <T> List<T> collapse(List<T> run, Function<? super T, ?> content, Function<? super T, String> origin) {
        if (run.size() < 2 || oneOrigin(run, origin)) {
            return run;
        }
        Map<Object, Map<String, Integer>> counts = new HashMap<>();
        for (T t : run) {
            counts.computeIfAbsent(content.apply(t), k -> new HashMap<>()).merge(name(origin.apply(t)), 1, Integer::sum);
        }
        Map<Object, String> shown = new HashMap<>();
        counts.forEach((key, perOrigin) -> shown.put(key, winner(perOrigin)));
        List<T> kept = new ArrayList<>(run.size());
        for (T t : run) {
            if (shown.get(content.apply(t)).equals(name(origin.apply(t)))) {
                kept.add(t);
            }
        }
        return kept;
    }

    private static <T> boolean oneOrigin(List<T> run, Function<? super T, String> origin) {
        String first = origin.apply(run.getFirst());
        for (T t : run) {
            if (!Objects.equals(first, origin.apply(t))) {
                return false;
            }
        }
        return true;
    }

    /** The origin whose copies are shown: the one holding most, ties to the smallest name. */
    private static String winner(Map<String, Integer> perOrigin) {
        String best = null;
        int most = 0;
        for (var e : perOrigin.entrySet()) {
            if (e.getValue() > most || e.getValue() == most && e.getKey().compareTo(best) < 0) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    private static String name(String origin) {
        return origin == null ? "" : origin;
    }
}
