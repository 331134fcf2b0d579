package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static EventLine line(String host, String app, String procid, String msg) {
        return EventLine.parse(Events.event("2026-11-24T09:11:32.123456Z", host, app, procid, msg, "n1", 17));
    }

    static String format(OutputFormat format, EventLine line, ZoneId zone) {
        return format.formatter(zone).apply(line);
    }

    @Test
    void oneFormatterFollowsTheOffsetAcrossAChangeOfTime() {
        var formatter = OutputFormat.SHORT.formatter(BERLIN);
        assertEquals("2026-03-29T01:59:59.900+01:00 h a: before",
                formatter.apply(EventLine.parse(Events.event("2026-03-29T00:59:59.900Z", "h", "a", null, "before", "n1", 1))));
        assertEquals("2026-03-29T01:59:59.950+01:00 h a: same second",
                formatter.apply(EventLine.parse(Events.event("2026-03-29T00:59:59.950Z", "h", "a", null, "same second", "n1", 2))));
        assertEquals("2026-03-29T03:00:00.000+02:00 h a: after",
                formatter.apply(EventLine.parse(Events.event("2026-03-29T01:00:00Z", "h", "a", null, "after", "n1", 3))));
    }

    @Test
    void shortIsTimeHostAppPidAndMessageInTheLocalZone() {
        assertEquals("2026-11-24T10:11:32.123+01:00 web1 sshd[42]: Accepted publickey",
                format(OutputFormat.SHORT, line("web1", "sshd", "42", "Accepted publickey"), BERLIN));
    }

    @Test
    void shortInUtcEndsTheTimeWithZ() {
        assertEquals("2026-11-24T09:11:32.123Z web1 sshd[42]: hi", format(OutputFormat.SHORT, line("web1", "sshd", "42", "hi"), ZoneOffset.UTC));
    }

    @Test
    void shortShowsTheSummerOffsetInSummer() {
        EventLine summer = EventLine.parse(Events.event("2026-07-01T09:00:00Z", "h", "a", null, "m", "n1", 1));

        assertEquals("2026-07-01T11:00:00.000+02:00 h a: m", format(OutputFormat.SHORT, summer, BERLIN));
    }

    @Test
    void shortWithoutPidShowsTheAppAlone() {
        assertEquals("2026-11-24T09:11:32.123Z web1 cron: job", format(OutputFormat.SHORT, line("web1", "cron", null, "job"), ZoneOffset.UTC));
    }

    @Test
    void shortWithoutAppShowsADash() {
        assertEquals("2026-11-24T09:11:32.123Z web1 -: bare", format(OutputFormat.SHORT, line("web1", null, null, "bare"), ZoneOffset.UTC));
    }

    @Test
    void shortEscapesControlCharactersSoAnEventStaysOneLine() {
        assertEquals("2026-11-24T09:11:32.123Z web1 app: one#012two#015\tthree#033[31m#177#233",
                format(OutputFormat.SHORT, line("web1", "app", null, "one\ntwo\r\tthree\u001b[31m\u007f\u009b"), ZoneOffset.UTC));
    }

    @Test
    void rawIsTheMessageExactly() {
        assertEquals("one\ntwo\u001b café", format(OutputFormat.RAW, line("web1", "app", null, "one\ntwo\u001b café"), BERLIN));
    }

    @Test
    void jsonIsTheNodesObjectExactly() {
        String json = Events.event("2026-11-24T09:11:32.123456Z", "web1", "sshd", "42", "quote \" and \\u00e9", "n1", 17);

        assertEquals(json, format(OutputFormat.JSON, EventLine.parse(json), BERLIN));
    }

    @Test
    void formatNamesAreCaseInsensitiveAndOthersRefused() {
        assertEquals(OutputFormat.JSON, OutputFormat.parse("JSON"));
        assertEquals(OutputFormat.SHORT, OutputFormat.parse("short-iso"));
        assertEquals(OutputFormat.RAW, OutputFormat.parse("cat"));
        assertEquals("unknown output format 'xml' (use short, json or raw; journalctl's short-iso and cat are short and raw)",
                assertThrows(IllegalArgumentException.class, () -> OutputFormat.parse("xml")).getMessage());
    }
}
