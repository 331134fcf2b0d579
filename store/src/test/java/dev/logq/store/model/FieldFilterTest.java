package dev.logq.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.internal.index.EventFields;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldFilterTest {

    static List<EventFields.Value> fields(String json) {
        Instant t = Instant.EPOCH;
        return EventFields.of(new Event(t, t, "h", null, null, null, Facility.USER, Severity.INFO, "m",
                Map.of("meta", Map.of("sequenceId", "17")), json, null, Event.NO_SEQ, "test"));
    }

    @Test
    void nestedObjectsJoinNamesWithDotsArraysGiveSeveralValuesNullNone() {
        assertEquals(List.of(
                        new EventFields.Value("a.b", "1", 1),
                        new EventFields.Value("a.c", "x", Double.NaN),
                        new EventFields.Value("list", "2", 2),
                        new EventFields.Value("list", "y", Double.NaN),
                        new EventFields.Value("list.z", "true", Double.NaN),
                        new EventFields.Value("meta.sequenceId", "17", 17)),
                fields("{\"a\":{\"b\":1,\"c\":\"x\"},\"list\":[2,\"y\",{\"z\":true}],\"n\":null}"));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "-1.5,-1.5", "+2,2", ".5,0.5", "5.,5", "1e3,1000", "2E-2,0.02"})
    void decimalNumbersAreNumbers(String text, double value) {
        assertEquals(value, FieldFilter.number(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "NaN", "Infinity", "0x10", "1e", "1 ", " 1", "12ms", "1e999", "1,5"})
    void otherTextIsNot(String text) {
        assertTrue(Double.isNaN(FieldFilter.number(text)), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=b|a|=|b", "a!=b|a|!=|b", "a>1|a|>|1", "a>=1|a|>=|1", "a<-1|a|<|-1", "a<=2.5|a|<=|2.5",
            "origin.ip=192.0.2.1|origin.ip|=|192.0.2.1", "k=|k|=|''", "k=a b|k|=|a b"})
    void readsEveryOperator(String text, String name, String op, String value) {
        FieldFilter f = FieldFilter.parse(text);
        assertEquals(new FieldFilter(name, op, value), f);
        assertEquals(text, f.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status|has no operator", "=5|has no field name", "a~b|unknown operator '~'", "a=~b|unknown operator '=~'",
            "a==b|unknown operator '=='", "a=>1|unknown operator '=>'", "a>x|> compares numbers, and 'x' is not one",
            "a b=1|' ' in the field name"})
    void refusesWhatItCannotRead(String text, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldFilter.parse(text));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void matchesAsDocumented() {
        List<EventFields.Value> v = fields("{\"status\":\"200\",\"tags\":[\"a\",\"b\"],\"ms\":[5,50]}");
        assertTrue(EventFields.matches(FieldFilter.parse("status=200.0"), v), "numbers as numbers");
        assertTrue(EventFields.matches(FieldFilter.parse("tags=b"), v), "any value");
        assertFalse(EventFields.matches(FieldFilter.parse("tags!=b"), v), "no value equal");
        assertTrue(EventFields.matches(FieldFilter.parse("tags!=c"), v));
        assertTrue(EventFields.matches(FieldFilter.parse("other!=c"), v), "an event without the field");
        assertTrue(EventFields.matches(FieldFilter.parse("ms>10"), v));
        assertTrue(EventFields.matches(FieldFilter.parse("ms<10"), v));
        assertFalse(EventFields.matches(FieldFilter.parse("ms>50"), v));
        assertFalse(EventFields.matches(FieldFilter.parse("tags>0"), v), "text is never greater");
        assertTrue(EventFields.matches(FieldFilter.parse("meta.sequenceId>=17"), v), "structured data as SD-ID.PARAM");
    }
}
