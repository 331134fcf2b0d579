package dev.logq.store.internal.grep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.internal.grep.GrepParityTest.GrepCase;
import dev.logq.store.internal.grep.Requirement.AllOf;
import dev.logq.store.internal.grep.Requirement.AnyOf;
import dev.logq.store.internal.grep.Requirement.Anything;
import dev.logq.store.internal.grep.Requirement.Contains;
import dev.logq.store.model.Query.PatternMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The literals GrepMatcher hands to the trigram prefilter: always sound, and as precise as stated. */
class RequirementTest {

    /** Whether the requirement holds on an already folded message. */
    private static Requirement requirement(PatternMode mode, String pattern, boolean ignoreCase) {
        return GrepMatcher.compile(pattern, mode, ignoreCase, false).requirement();
    }

    private static Contains contains(String folded) {
        return new Contains(folded);
    }

    @Test
    @DisplayName("holds on every line of the parity corpus that a parity pattern matches, with any flags")
    void holdsOnEveryMatchingMessage() {
        List<String> messages = GrepParityTest.CORPUS;  // a message of several lines holds what one line holds
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (GrepCase c : GrepParityTest.CASES) {
            for (boolean ignoreCase : List.of(false, true)) {
                for (boolean word : List.of(false, true)) {
                    GrepMatcher matcher;
                    try {
                        matcher = GrepMatcher.compile(c.pattern(), c.mode(), ignoreCase, word);
                    } catch (IllegalArgumentException rejected) {
                        continue;
                    }
                    for (String message : messages) {
                        if (matcher.matches(message)) {
                            checked++;
                            if (!matcher.requirement().heldBy(TextFold.fold(message))) {
                                failures.add(c.label(ignoreCase, word) + " " + matcher.requirement() + " on "
                                        + message.substring(0, Math.min(40, message.length())));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 5_000, "checked " + checked + " matching (pattern, line) pairs");
    }

    @Test
    void fixedStringRequiresItself() {
        assertEquals(contains("connection refused"), requirement(PatternMode.FIXED, "connection refused", false));
    }

    @Test
    void fixedStringUnderIgnoreCaseRequiresItsFoldedForm() {
        assertEquals(contains("error: disk"), requirement(PatternMode.FIXED, "ERROR: Disk", true));
    }

    @Test
    void severalFixedStringsRequireAnyOfThem() {
        assertEquals(new AnyOf(List.of(contains("timeout"), contains("refused"))),
                requirement(PatternMode.FIXED, "timeout\nrefused", false));
    }

    @Test
    void stringsShorterThanATrigramRequireNothing() {
        assertEquals(new Anything(), requirement(PatternMode.FIXED, "ab", false));
        assertEquals(new Anything(), requirement(PatternMode.FIXED, "timeout\nab", false));
        assertEquals(new Anything(), requirement(PatternMode.EXTENDED, "abc|de", false));
    }

    @Test
    void emptyPatternRequiresNothing() {
        assertEquals(new Anything(), requirement(PatternMode.BASIC, "", false));
        assertEquals(new Anything(), requirement(PatternMode.BASIC, null, false));
    }

    @Test
    @DisplayName("-E 'timeout (after|in) [0-9]+s' requires \"timeout after \" or \"timeout in \"")
    void alternationInsideAConcatenationMultipliesOut() {
        assertEquals(new AnyOf(List.of(contains("timeout after "), contains("timeout in "))),
                requirement(PatternMode.EXTENDED, "timeout (after|in) [0-9]+s", false));
    }

    @Test
    void dotsAndStarsSplitTheLiteralRuns() {
        assertEquals(new AllOf(List.of(contains("disk"), contains("full"))),
                requirement(PatternMode.BASIC, "disk.*full", false));
        assertEquals(contains("bcd"), requirement(PatternMode.BASIC, "a*bcd", false));
        assertEquals(new AllOf(List.of(contains("user "), contains(" logged in"))),
                requirement(PatternMode.EXTENDED, "user [a-z0-9_]+ logged in", false));
    }

    @Test
    void optionalCharacterGivesBothSpellings() {
        assertEquals(new AnyOf(List.of(contains("color"), contains("colour"))),
                requirement(PatternMode.EXTENDED, "colou?r", false));
    }

    @Test
    void plusKeepsOneCopyAndJoinsWhatFollows() {
        assertEquals(contains("foobar"), requirement(PatternMode.EXTENDED, "(foo)+bar", false));
        assertEquals(new AllOf(List.of(contains("err"), contains("ror"))),
                requirement(PatternMode.BASIC, "err\\+or", false));
    }

    @Test
    void smallBracketsCountAsTheirMembers() {
        assertEquals(contains("error"), requirement(PatternMode.BASIC, "[Ee]rror", false));
        assertEquals(new AllOf(List.of(contains("ssh"), contains("port"))),
                requirement(PatternMode.BASIC, "ssh.*[Pp]ort", false));
        assertEquals(new Anything(), requirement(PatternMode.BASIC, "x[0-9]yz", false));
    }

    @Test
    void alternationWithAnUnconstrainedBranchRequiresNothing() {
        assertEquals(new Anything(), requirement(PatternMode.EXTENDED, "timeout|.*", false));
        assertEquals(new Anything(), requirement(PatternMode.BASIC, "timeout\\|[0-9]", false));
    }

    @Test
    void backReferencesAndGroupsKeepTheirLiterals() {
        assertEquals(contains("abc"), requirement(PatternMode.BASIC, "\\(abc\\)\\1", false));
        assertEquals(new AllOf(List.of(contains("key="), contains(" end"))),
                requirement(PatternMode.BASIC, "key=\\(.*\\) end", false));
    }

    @Test
    @DisplayName("-i folds literals whose case variants all fold alike: 'ſ', 'K' (Kelvin), 'Σ', 'İ'")
    void ignoreCaseLiteralsAreFolded() {
        assertEquals(contains("stop"), requirement(PatternMode.BASIC, "ſtop", true));
        assertEquals(contains("k5 degrees"), requirement(PatternMode.BASIC, "\u212a5 degrees", true));
        assertEquals(contains("σασ"), requirement(PatternMode.BASIC, "ΣΑΣ", true));
        assertEquals(contains("istanbul"), requirement(PatternMode.BASIC, "İstanbul", true));
        assertTrue(requirement(PatternMode.BASIC, "STOP", true).heldBy(TextFold.fold("ſtop")), "grep -i STOP matches ſtop");
    }

    @Test
    void requirementIsOnTheFoldedMessage() {
        Requirement r = requirement(PatternMode.FIXED, "Disk Full", false);
        assertTrue(r.heldBy(TextFold.fold("ERROR: Disk Full on /var")));
        assertFalse(r.heldBy(TextFold.fold("ERROR: disk quota")));
    }

    @Test
    void foldKeepsTheNumberOfCodePoints() {
        String text = "ſ K Σς İı ẞß 😀 ǅ ͅ 𝐀";
        assertEquals(text.codePointCount(0, text.length()),
                TextFold.fold(text).codePointCount(0, TextFold.fold(text).length()));
        assertEquals("s k σσ ii ßß 😀 ǆ ι 𝐀", TextFold.fold(text));
        assertEquals("plain ascii", TextFold.fold("plain ascii"));
    }
}
