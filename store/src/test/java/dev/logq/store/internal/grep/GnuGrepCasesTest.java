package dev.logq.store.internal.grep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.logq.store.model.Query.PatternMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GNU grep's own regex cases: Henry Spencer's BRE/ERE tests as GNU grep's suite runs them, and
 * khadafy ({@code gnu-grep-cases.tsv}, from GNU grep's tests/bre.tests, ere.tests, spencer1.tests,
 * spencer2.tests and khadafy.*; data only, taken from the grep repository mirrored at
 * github.com/zevweiss/grep, commit 7b894c48). Each row is a pattern, a subject line and what grep does:
 * select it, not select it, or refuse the pattern.
 */
class GnuGrepCasesTest {

    record Case(String id, String mode, int expected, String source, String pattern, String subject) {}

    @TestFactory
    Stream<DynamicTest> everyCaseAsGnuGrep() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.source() + " " + c.mode() + " /" + c.pattern() + "/", () -> {
            PatternMode mode = c.mode().equals("BRE") ? PatternMode.BASIC : PatternMode.EXTENDED;
            if (c.expected() == 2) {
                assertThrows(IllegalArgumentException.class, () -> GrepMatcher.compile(c.pattern(), mode, false, false),
                        "grep refuses the pattern");
            } else {
                boolean selected = GrepMatcher.compile(c.pattern(), mode, false, false).matches(c.subject());
                assertEquals(c.expected() == 0, selected, "grep " + (c.expected() == 0 ? "selects" : "does not select") + " '" + c.subject() + "'");
            }
        }));
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = GnuGrepCasesTest.class.getResourceAsStream("gnu-grep-cases.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isEmpty())
                    .map(l -> l.split("\t", -1))
                    .map(f -> new Case(f[0], f[2], Integer.parseInt(f[3]), f[4], f[5], f.length > 6 ? f[6] : ""))
                    .toList();
        }
    }
}
