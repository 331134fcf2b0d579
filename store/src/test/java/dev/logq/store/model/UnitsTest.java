package dev.logq.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration and size syntax of logqd's flags and logq's options. */
class UnitsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "250ms, 250",
        "30s, 30000",
        "15m, 900000",
        "2h, 7200000",
        "7d, 604800000",
        "1w, 604800000",
        "1h30m, 5400000",
        "1m30s, 90000",
        "0s, 0",
        "' 12H ', 43200000",
        "1d12h, 129600000"})
    void durationsAreNumbersWithUnitsAddedUp(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Units.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1x", "h", "-1h", "1.5h", "30", "1h 30m", "forever", "off"})
    void anythingElseIsNotADuration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration(text));

        assertTrue(e.getMessage().startsWith("'" + text + "' is not a duration (e.g."), e.getMessage());
    }

    @Test
    void aDurationTooLongForJavaIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration("99999999999999999999w"));

        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"500, 500ms", "2000, 2s", "90000, 1m30s", "3600000, 1h", "5400000, 1h30m", "0, 0s", "86400000, 1d",
        "129600000, 1d12h", "604800000, 7d"})
    void durationsPrintAsTheyAreRead(long millis, String text) {
        assertEquals(text, Units.text(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Units.duration(text));
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "65536, 65536",
        "64k, 65536",
        "64K, 65536",
        "64KiB, 65536",
        "64kb, 65536",
        "64 k, 65536",
        "512m, 536870912",
        "1g, 1073741824",
        "0, 0",
        "100b, 100"})
    void sizesArePowersOf1024(String text, long bytes) {
        assertEquals(bytes, Units.bytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "-1k", "1.5m", "1t", "64 kilobytes", "lots"})
    void anythingElseIsNotASize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.bytes(text));

        assertTrue(e.getMessage().startsWith("'" + text + "' is not a size (e.g."), e.getMessage());
    }

    @Test
    void aSizeTooLargeForALongIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.bytes("99999999999g"));

        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes print as {1}")
    @CsvSource({"512, 512 B", "1536, 1.5 KiB", "3355443, 3.2 MiB", "15032385536, 14.0 GiB"})
    void sizesPrintForPeople(long bytes, String text) {
        assertEquals(text, Units.bytesText(bytes));
    }
}
