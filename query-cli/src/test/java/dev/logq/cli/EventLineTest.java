package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventLineTest {

    @Test
    void readsTheFieldsTheMergeAndOutputNeedAndSkipsNestedObjects() {
        String json = Events.event("2026-11-24T09:11:32.123Z", "web1", "sshd", "42", "text", "node1", 17);

        EventLine e = EventLine.parse(json);

        assertEquals(new EventLine(Instant.parse("2026-11-24T09:11:32.123Z"), "web1", "sshd", "42", "text", "node1", 17, json, -1, "info", null), e);
        assertTrue(e.hasIdentity());
    }

    @Test
    void unknownFieldsOfANewerNodeAreIgnored() {
        EventLine e = EventLine.parse("{\"ts\":\"2026-11-24T09:00:00Z\",\"host\":\"h\",\"msg\":\"m\",\"future\":[1,{\"a\":[]}],\"origin\":\"n\",\"seq\":3}");

        assertEquals("m", e.msg());
        assertEquals(3, e.seq());
    }

    @Test
    void anEventWithoutOriginHasNoIdentity() {
        assertFalse(EventLine.parse("{\"ts\":\"2026-11-24T09:00:00Z\",\"host\":\"h\",\"msg\":\"m\"}").hasIdentity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>", "[1]", "{\"host\":\"h\"}", "{\"ts\":\"yesterday\"}", "{\"ts\":\"2026-11-24T09:00:00Z\"", "{\"ts\":\"2026-11-24T09:00:00Z\"} {}"})
    void aLineThatIsNotAnEventIsRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> EventLine.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T09:11:32Z", "2026-11-24T09:11:32.1Z", "2026-11-24T09:11:32.123Z",
        "2026-11-24T09:11:32.123456Z", "2026-11-24T09:11:32.123456789Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z",
        "2026-11-24T10:11:32.5+01:00", "2016-12-31T23:59:60Z"})
    void timesReadAsInstantParseReadsThem(String text) {
        assertEquals(Instant.parse(text), EventLine.instant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T09:11:32.1234567890Z", "2026-02-30T09:11:32Z",
        "2026-11-24T24:00:00Z", "2026-1x-24T09:11:32Z", "2026-11-24 09:11:32Z"})
    void badTimesAreRefused(String text) {
        assertThrows(java.time.DateTimeException.class, () -> EventLine.instant(text));
    }
}
