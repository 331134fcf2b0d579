package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CountMergeTest {

    @Test
    void eachOriginCountsWithTheLargestNumberAnyNodeReports() {
        CountMerge counts = new CountMerge();
        counts.add(CountMerge.parse("{\"count\":15,\"origins\":{\"n1\":10,\"n2\":5}}"));
        counts.add(CountMerge.parse("{\"count\":16,\"origins\":{\"n1\":9,\"n2\":7}}"));
        counts.add(CountMerge.parse("{\"count\":1,\"origins\":{\"n3\":1}}"));

        assertEquals(10 + 7 + 1, counts.total());
    }

    @Test
    void aNodeWithoutOriginsAddsItsTotal() {
        CountMerge counts = new CountMerge();
        counts.add(CountMerge.parse("{\"count\":4}"));
        counts.add(CountMerge.parse("{\"count\":3,\"origins\":{\"n1\":3}}"));

        assertEquals(7, counts.total());
    }

    @Test
    void noAnswersCountZero() {
        assertEquals(0, new CountMerge().total());
    }

    @Test
    void parseReadsTheOriginsAndIgnoresOtherFields() {
        assertEquals(Map.of("a", 1L, "b", 2L), CountMerge.parse("{\"took\":{\"ms\":3},\"count\":3,\"origins\":{\"a\":1,\"b\":2}}").origins());
    }

    @Test
    void groupsOfEachOriginComeFromTheNodeMostCaughtUpOnIt() {
        CountMerge counts = new CountMerge();
        counts.add(CountMerge.parse("{\"count\":15,\"origins\":{\"n1\":10,\"n2\":5},"
                + "\"by\":{\"n1\":{\"web1\":6,\"web2\":4},\"n2\":{\"db1\":5}}}"));
        counts.add(CountMerge.parse("{\"count\":16,\"origins\":{\"n1\":9,\"n2\":7},"
                + "\"by\":{\"n1\":{\"web1\":5,\"web2\":4},\"n2\":{\"db1\":6,\"web1\":1}}}"));
        assertEquals(17, counts.total());
        assertEquals(Map.of("web1", 7L, "web2", 4L, "db1", 6L), counts.groups());
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("{\"count\":1,\"origins\":{\"a\":1},\"by\":{\"a\":3}}"));
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("{\"count\":1,\"origins\":{\"a\":1},\"by\":{\"a\":{\"x\":\"y\"}}}"));
    }

    @Test
    void somethingElseIsNotACount() {
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("{\"origins\":{\"a\":\"x\"}}"));
        assertThrows(IllegalArgumentException.class, () -> CountMerge.parse("not json"));
    }
}
