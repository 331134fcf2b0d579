package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorsTest {

    static final String RED_BOLD = "\033[01;31m";
    static final String END = "\033[m";
    static final String HEAD = "2026-11-24T09:11:32.123Z web1 sshd[42]: ";

    /** An event as a node sends it with marks=true. */
    static EventLine line(String msg, String severity, String marks) {
        String json = Events.event("2026-11-24T09:11:32.123Z", "web1", "sshd", "42", msg, "n1", 1).replace("\"info\"", "\"" + severity + "\"");
        return EventLine.parse(marks == null ? json : json.substring(0, json.length() - 1) + ",\"marks\":" + marks + "}");
    }

    static String shortLine(EventLine e) {
        return Colors.formatter(OutputFormat.SHORT, ZoneOffset.UTC).apply(e);
    }

    @Test
    void marksEveryMatchInGrepsColourAndLeavesTheRestOfAnInfoLinePlain() {
        assertEquals(HEAD + "a " + RED_BOLD + "timeout" + END + " and a " + RED_BOLD + "timeout" + END,
                shortLine(line("a timeout and a timeout", "info", "[2,9,16,23]")));
    }

    @Test
    void anErrorsMessageIsRedAndTheMatchStaysMarkedInIt() {
        assertEquals(HEAD + "\033[31mdisk " + RED_BOLD + "FULL" + END + "\033[31m now" + END, shortLine(line("disk FULL now", "err", "[5,9]")));
        assertEquals(HEAD + "\033[33mno match here" + END, shortLine(line("no match here", "warning", null)), "no marks: the severity only");
    }

    @Test
    void controlCharactersAreEscapedAroundTheMarksWhichStayOnTheirCharacters() {
        assertEquals(HEAD + "a#012" + RED_BOLD + "b" + END, shortLine(line("a\nb", "info", "[2,3]")));
        assertEquals("a\n" + RED_BOLD + "b" + END, Colors.formatter(OutputFormat.RAW, ZoneOffset.UTC).apply(line("a\nb", "info", "[2,3]")),
                "raw keeps the message as it is");
    }

    @Test
    void marksThatDoNotFitTheMessageColourNothingMore() {
        assertEquals(HEAD + "short", shortLine(line("short", "info", "[2,99]")));
    }

    @Test
    void autoIsOnOnlyOnATerminalWithoutNoColorOrADumbTerminal() {
        assertTrue(Colors.on(null, true, Map.of()));
        assertFalse(Colors.on("auto", false, Map.of()));
        assertFalse(Colors.on("auto", true, Map.of("NO_COLOR", "1")));
        assertTrue(Colors.on("auto", true, Map.of("NO_COLOR", "")));
        assertFalse(Colors.on("auto", true, Map.of("TERM", "dumb")));
        assertTrue(Colors.on("always", false, Map.of("NO_COLOR", "1")));
        assertFalse(Colors.on("never", true, Map.of()));
        assertEquals("'sometimes' (give auto, always or never)",
                assertThrows(IllegalArgumentException.class, () -> Colors.on("sometimes", true, Map.of())).getMessage());
    }
}
