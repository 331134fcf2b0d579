package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.logq.cli.SearchRequest.Mode;
import dev.logq.cli.SearchRequest.Order;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorsTest {

    static final String RED_BOLD = "\033[01;31m";
    static final String END = "\033[m";

    static SearchRequest request(String pattern, Mode mode, boolean ignoreCase, boolean invert, boolean words) {
        return new SearchRequest(pattern, mode, ignoreCase, invert, words, false, null, null, List.of(), List.of(), null, 0,
                Order.OLDEST, false, List.of());
    }

    static EventLine line(String msg, String severity) {
        String json = Events.event("2026-11-24T09:11:32.123Z", "web1", "sshd", "42", msg, "n1", 1).replace("\"info\"", "\"" + severity + "\"");
        return EventLine.parse(json);
    }

    static String shortLine(SearchRequest r, EventLine e) {
        return Colors.choose("always", false, Map.of(), r).formatter(OutputFormat.SHORT, ZoneOffset.UTC).apply(e);
    }

    @Test
    void marksEveryMatchInGrepsColourAndLeavesTheRestOfAnInfoLinePlain() {
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: a " + RED_BOLD + "timeout" + END + " and a " + RED_BOLD + "timeout" + END,
                shortLine(request("timeout", Mode.FIXED, false, false, false), line("a timeout and a timeout", "info")));
    }

    @Test
    void anErrorsMessageIsRedAndTheMatchStaysMarkedInIt() {
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: \033[31mdisk " + RED_BOLD + "FULL" + END + "\033[31m now" + END,
                shortLine(request("full", Mode.BASIC, true, false, false), line("disk FULL now", "err")));
    }

    @Test
    void wordsRegexesAndInvertedMatches() {
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: cats " + RED_BOLD + "cat" + END,
                shortLine(request("cat", Mode.FIXED, false, false, true), line("cats cat", "info")));
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: port " + RED_BOLD + "22" + END + " or " + RED_BOLD + "2222" + END,
                shortLine(request("2[0-9]*", Mode.BASIC, false, false, false), line("port 22 or 2222", "info")));
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: \033[33mno match here" + END,
                shortLine(request("x", Mode.FIXED, false, true, false), line("no match here", "warning")), "-v marks nothing");
    }

    @Test
    void controlCharactersAreEscapedBeforeColouring() {
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: a#012" + RED_BOLD + "b" + END,
                shortLine(request("b", Mode.FIXED, false, false, false), line("a\nb", "info")));
    }

    @Test
    void autoIsOnOnlyOnATerminalWithoutNoColorOrADumbTerminal() {
        SearchRequest r = request("x", Mode.FIXED, false, false, false);
        assertNotNull(Colors.choose(null, true, Map.of(), r));
        assertNull(Colors.choose("auto", false, Map.of(), r));
        assertNull(Colors.choose("auto", true, Map.of("NO_COLOR", "1"), r));
        assertNotNull(Colors.choose("auto", true, Map.of("NO_COLOR", ""), r));
        assertNull(Colors.choose("auto", true, Map.of("TERM", "dumb"), r));
        assertNotNull(Colors.choose("always", false, Map.of("NO_COLOR", "1"), r));
        assertNull(Colors.choose("never", true, Map.of(), r));
        assertEquals("'sometimes' (give auto, always or never)",
                assertThrows(IllegalArgumentException.class, () -> Colors.choose("sometimes", true, Map.of(), r)).getMessage());
    }
}
