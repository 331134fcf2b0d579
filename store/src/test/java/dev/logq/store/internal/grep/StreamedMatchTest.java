package dev.logq.store.internal.grep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.Store;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Query;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link Store#matcher}, the check of events read from the journal (alert rules, followers), looks for a
 * pattern's required literals before its regular expression: it must select exactly what the matcher
 * alone selects, for every parity pattern with every flag, -v included, on every corpus line.
 */
class StreamedMatchTest {

    @Test
    void selectsExactlyWhatTheMatcherSelects() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (GrepParityTest.GrepCase c : GrepParityTest.CASES) {
            for (boolean ignoreCase : List.of(false, true)) {
                for (boolean word : List.of(false, true)) {
                    for (boolean invert : List.of(false, true)) {
                        GrepMatcher matcher;
                        try {
                            matcher = GrepMatcher.compile(c.pattern(), c.mode(), ignoreCase, word);
                        } catch (IllegalArgumentException refused) {
                            continue;
                        }
                        Predicate<Event> streamed = Store.matcher(new Query(c.pattern(), c.mode(), ignoreCase, invert, word, false, null, null,
                                Set.of(), Set.of(), null, 0, null, false));
                        for (String line : GrepParityTest.CORPUS) {
                            Event e = new Event(t, t, "h", "a", null, null, Facility.USER, Severity.INFO, line, Map.of(), null, null,
                                    Event.NO_SEQ, "test");
                            compared++;
                            if (streamed.test(e) != (matcher.matches(line) != invert)) {
                                failures.add(c.label(ignoreCase, word) + (invert ? " -v" : "") + " on " + line);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(compared > 10_000, "compared " + compared);
    }
}
