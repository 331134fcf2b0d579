package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.logq.cli.SearchRequest.Mode;
import dev.logq.cli.SearchRequest.Order;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchRequestTest {

    static final URI NODE = URI.create("http://log1:9514");

    static SearchRequest pattern(String pattern) {
        return new SearchRequest(pattern, Mode.BASIC, false, false, false, false, null, null, List.of(), List.of(), null, 0, Order.OLDEST, false, List.of(), false);
    }

    @Test
    void defaultsAreLeftOut() {
        assertEquals("http://log1:9514/api/v1/search?order=oldest", pattern(null).searchUri(NODE).toString());
    }

    @Test
    void everyOptionBecomesItsParameter() {
        SearchRequest request = new SearchRequest("timeout", Mode.EXTENDED, true, true, true, true,
                Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-11-24T09:00:00.5Z"),
                List.of("web1", "web2"), List.of("sshd"), "err", 20, Order.NEWEST, true, List.of(), false);

        assertEquals("http://log1:9514/api/v1/search?q=timeout&mode=extended&i=true&v=true&w=true&x=true"
                + "&since=2026-11-24T08:00:00Z&until=2026-11-24T09:00:00.500Z&host=web1&host=web2&app=sshd"
                + "&severity=err&all_copies=true&limit=20&order=newest", request.searchUri(NODE).toString());
    }

    @ParameterizedTest(name = "''{0}'' is sent as {1}")
    @CsvSource(delimiter = '|', value = {
        "disk full        | disk%20full",
        "a+b              | a%2Bb",
        "x&host=evil      | x%26host%3Devil",
        "100%             | 100%25",
        "#tag?            | %23tag%3F",
        "naïve café       | na%C3%AFve%20caf%C3%A9",
        "🚀               | %F0%9F%9A%80",
        "'\\(a\\|b\\)'    | %5C%28a%5C%7Cb%5C%29",
        "[a-z]*.~_        | %5Ba-z%5D%2A.~_",
        "/var/log:@x      | /var/log:@x"})
    void patternsArePercentEncodedAsUtf8(String pattern, String encoded) {
        assertEquals("http://log1:9514/api/v1/search?q=" + encoded + "&order=oldest", pattern(pattern).searchUri(NODE).toString());
    }

    @Test
    void anEmptyPatternIsSentAndDiffersFromNone() {
        assertEquals("http://log1:9514/api/v1/search?q=&order=oldest", pattern("").searchUri(NODE).toString());
    }

    @Test
    void theNodesPathIsKept() {
        assertEquals("https://proxy/logq/api/v1/search?order=oldest", pattern(null).searchUri(URI.create("https://proxy/logq")).toString());
    }

    @Test
    void aCountAsksForTheCountWithoutLimitOrOrder() {
        SearchRequest request = new SearchRequest("x", Mode.FIXED, false, false, false, false, null, null, List.of(), List.of(), null, 5, Order.NEWEST, false, List.of(), false);

        assertEquals("http://log1:9514/api/v1/search?q=x&mode=fixed&count=true", request.countUri(NODE, null).toString());
    }

    @ParameterizedTest(name = "-p {0} is {1}")
    @CsvSource({
        "emerg, emerg", "panic, emerg", "0, emerg", "alert, alert", "1, alert", "crit, crit", "critical, crit", "2, crit",
        "err, err", "error, err", "ERR, err", "3, err", "warning, warning", "warn, warning", "4, warning",
        "notice, notice", "5, notice", "info, info", "6, info", "debug, debug", "7, debug"})
    void prioritiesAreSpeltAsJournalctlSpellsThem(String text, String name) {
        assertEquals(name, SearchRequest.severity(text));
    }

    @Test
    void anUnknownPriorityListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRequest.severity("8"));

        assertEquals("unknown severity '8' (use emerg, alert, crit, err, warning, notice, info, debug or 0..7)", e.getMessage());
    }
}
