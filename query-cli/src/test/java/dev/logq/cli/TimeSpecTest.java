package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {

    // 10:30 in Berlin (UTC+1 in November)
    static final Instant NOW = Instant.parse("2026-11-24T09:30:00Z");
    final TimeSpec berlin = new TimeSpec(Clock.fixed(NOW, ZoneId.of("Europe/Berlin")));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "30s,   2026-11-24T09:29:30Z",
        "15m,   2026-11-24T09:15:00Z",
        "2h,    2026-11-24T07:30:00Z",
        "7d,    2026-11-17T09:30:00Z",
        "1w,    2026-11-17T09:30:00Z",
        "1h30m, 2026-11-24T08:00:00Z",
        "0s,    2026-11-24T09:30:00Z"})
    void aDurationMeansThatLongAgo(String text, String expected) {
        assertEquals(Instant.parse(expected), berlin.parse(text));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "now,       2026-11-24T09:30:00Z",
        "today,     2026-11-23T23:00:00Z",
        "yesterday, 2026-11-22T23:00:00Z",
        "tomorrow,  2026-11-24T23:00:00Z",
        "Today,     2026-11-23T23:00:00Z"})
    void namedDaysAreLocalMidnights(String text, String expected) {
        assertEquals(Instant.parse(expected), berlin.parse(text));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2026-11-24T09:00:00Z,          2026-11-24T09:00:00Z",
        "2026-11-24T09:00:00.250Z,      2026-11-24T09:00:00.250Z",
        "2026-11-24t09:00:00z,          2026-11-24T09:00:00Z",
        "2026-11-24T10:00:00+01:00,     2026-11-24T09:00:00Z",
        "2026-11-24T04:00:00-05:00,     2026-11-24T09:00:00Z",
        "2026-11-24 09:00:00Z,          2026-11-24T09:00:00Z"})
    void rfc3339TimesAreTakenAsGiven(String text, String expected) {
        assertEquals(Instant.parse(expected), berlin.parse(text));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2026-11-24T10:00:00, 2026-11-24T09:00:00Z",
        "2026-11-24 10:00,    2026-11-24T09:00:00Z",
        "2026-07-01 10:00,    2026-07-01T08:00:00Z",
        "2026-11-24,          2026-11-23T23:00:00Z"})
    void timesWithoutAZoneAreLocal(String text, String expected) {
        assertEquals(Instant.parse(expected), berlin.parse(text));
    }

    @Test
    void aTimeOfDayIsTodayAtThatLocalTimeAsJournalctlReadsIt() {
        assertEquals(Instant.parse("2026-11-24T09:30:00Z"), berlin.parse("10:30"));
        assertEquals(Instant.parse("2026-11-24T08:05:07.500Z"), berlin.parse("9:05:07.5"));
        assertThrows(IllegalArgumentException.class, () -> berlin.parse("25:00"));
        assertThrows(IllegalArgumentException.class, () -> berlin.parse("10:3"));
    }

    @Test
    void theLocalZoneIsTheClocks() {
        TimeSpec tokyo = new TimeSpec(Clock.fixed(NOW, ZoneId.of("Asia/Tokyo")));

        assertEquals(Instant.parse("2026-11-23T15:00:00Z"), tokyo.parse("today"));
        assertEquals(Instant.parse("2026-11-24T01:00:00Z"), tokyo.parse("2026-11-24T10:00"));
    }

    @Test
    void todayAfterTheSpringForwardGapStartsAtTheDaysFirstInstant() {
        // In Sao Paulo clocks used to jump from 00:00 to 01:00: that day began at 01:00 local.
        Clock clock = Clock.fixed(Instant.parse("2018-11-04T12:00:00Z"), ZoneId.of("America/Sao_Paulo"));

        assertEquals(Instant.parse("2018-11-04T03:00:00Z"), new TimeSpec(clock).parse("today"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1x", "h", "-1h", "last tuesday", "2026-13-01", "2026-11-24T25:00", "1.5h", "yesterday 10:00"})
    void anythingElseIsRefusedWithTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> berlin.parse(text));

        assertTrue(e.getMessage().startsWith("'" + text + "' is not a"), e.getMessage());
    }

    @Test
    void aDurationReachingBeforeTimeBeganIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> berlin.parse("99999999999999w"));

        assertTrue(e.getMessage().contains("too"), e.getMessage());
    }
}
