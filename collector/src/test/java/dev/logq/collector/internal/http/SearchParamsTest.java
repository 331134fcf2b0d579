package dev.logq.collector.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.model.CountBy;
import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Query;
import dev.logq.store.model.Severities;
import dev.logq.store.model.Severity;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchParamsTest {

    private static SearchParams parse(String uri) {
        return SearchParams.parse(new QueryStringDecoder(uri).parameters());
    }

    private static SearchParams stats(String query) {
        return SearchParams.parse(new QueryStringDecoder("/api/v1/stats?" + query).parameters(), true);
    }

    @Test
    void statsTakeTheFiltersFieldsAndBuckets() {
        SearchParams p = stats("stat=cpu_total.physique.user_pct&stat=disks.vda.busy_pct&by=60s&offset=3600&host=web1&app=logq-perfmon");

        assertEquals(List.of("cpu_total.physique.user_pct", "disks.vda.busy_pct"), p.stats());
        assertEquals(new CountBy(CountBy.Kind.TIME, 60, 3600), p.by());
        assertEquals(Set.of("web1"), p.query().hosts());
    }

    @Test
    void statsWithoutAFieldOrTimeBucketsAndStatOnSearchAreRefusedWithTheFix() {
        assertEquals("name a field: stat=NAME (repeatable), with by=DURATION for the buckets",
                assertThrows(IllegalArgumentException.class, () -> stats("by=60s")).getMessage());
        assertEquals("parameter 'by' must be the buckets' length for statistics, such as by=60s",
                assertThrows(IllegalArgumentException.class, () -> stats("stat=x&by=host")).getMessage());
        assertEquals("parameter 'by' must be the buckets' length for statistics, such as by=60s",
                assertThrows(IllegalArgumentException.class, () -> stats("stat=x")).getMessage());
        assertEquals("/api/v1/stats takes the filters, stat and by (and offset)",
                assertThrows(IllegalArgumentException.class, () -> stats("stat=x&by=60s&count=true")).getMessage());
        assertEquals("parameter 'stat' belongs to /api/v1/stats",
                assertThrows(IllegalArgumentException.class, () -> parse("/api/v1/search?stat=x")).getMessage());
    }

    @Test
    void everyParameterReachesTheQuery() {
        SearchParams p = parse("/api/v1/search?q=disk%20full%20%2B%26&mode=extended&i=true&v=1&w=true"
                + "&since=2026-11-24T09:00:00Z&until=2026-11-24T10:00:00%2B01:00&host=web1&host=web2&app=sshd"
                + "&severity=warning&limit=50&order=oldest&all_copies=true");
        Query q = p.query();
        assertEquals("disk full +&", q.pattern());
        assertEquals(Query.PatternMode.EXTENDED, q.mode());
        assertTrue(q.ignoreCase() && q.invert() && q.wordRegexp());
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), q.since());
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), q.until());
        assertEquals(Set.of("web1", "web2"), q.hosts());
        assertEquals(Set.of("sshd"), q.apps());
        assertEquals(new Severities(Severity.EMERG, Severity.WARNING), q.severities());
        assertEquals(50, q.limit());
        assertEquals(Query.Order.OLDEST_FIRST, q.order());
        assertTrue(q.allCopies());
        assertFalse(p.count());
    }

    @Test
    void wholeLinesAndSeverityRangesAsJournalctlWritesThem() {
        Query q = parse("/api/v1/search?q=a%0Ab&x=true&severity=err..warning").query();
        assertEquals("a\nb", q.pattern(), "two patterns");
        assertTrue(q.lineRegexp());
        assertEquals(new Severities(Severity.ERR, Severity.WARNING), q.severities());
        assertEquals(new Severities(Severity.ERR, Severity.WARNING), parse("/s?severity=4..3").query().severities());
    }

    @Test
    void noParametersMeansEverythingNewestFirst() {
        SearchParams p = parse("/api/v1/search");
        assertEquals(Query.all(), p.query());
        assertFalse(p.count());
        assertTrue(parse("/api/v1/search?count=true").count());
    }

    @Test
    void formatsAreJsonByDefaultRawOrShortInAZone() {
        assertEquals(ResultFormat.JSON, parse("/s").format());
        assertEquals(new ResultFormat(ResultFormat.Kind.RAW, ZoneOffset.UTC, null), parse("/s?format=raw").format());
        assertEquals(new ResultFormat(ResultFormat.Kind.SHORT, ZoneId.of("Europe/Berlin"), null), parse("/s?format=short&tz=Europe/Berlin").format());
        assertEquals(new ResultFormat(ResultFormat.Kind.SHORT, ZoneOffset.ofHours(1), null), parse("/s?format=short&tz=%2B01:00").format());
        assertEquals("parameter 'format=xml' must be json, raw or short",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?format=xml")).getMessage());
        assertEquals("parameter 'tz=Mars/Olympus' is not a time zone such as Europe/Berlin or +01:00",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?format=short&tz=Mars/Olympus")).getMessage());
        assertEquals("parameter 'tz' applies to format=short only",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?tz=UTC")).getMessage());
    }

    @Test
    void countsBreakDownByAGroupAndTimeBucketsByTheAskersOffset() {
        assertEquals(null, parse("/s?count=true").by());
        assertEquals(new CountBy(CountBy.Kind.HOST, 0, 0), parse("/s?count=true&by=host").by());
        assertEquals(new CountBy(CountBy.Kind.TIME, 3600, 3600), parse("/s?count=true&by=1h&offset=3600").by());
        assertEquals(new CountBy(CountBy.Kind.TIME, 300, -19800), parse("/s?count=true&by=5m&offset=-19800").by());
        assertEquals("parameter 'by' applies to counts only (count=true)",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?by=host")).getMessage());
        assertEquals("parameter 'by': 'nonsense' is not host, app, severity, a field's name or a time bucket such as 5m, 1h, 1d",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?count=true&by=nonsense")).getMessage());
        assertEquals(CountBy.field("http.status"), parse("/s?count=true&by=field:http.status").by());
        assertEquals(new CountBy(CountBy.Kind.FIELDS, 0, 0), parse("/s?count=true&by=fields").by());
        assertEquals("parameter 'by': 'a b' is not a field's name: a field's name has no spaces and none of = ! < > ~",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?count=true&by=field:a%20b")).getMessage());
        assertEquals("parameter 'offset' applies to a count by time bucket only (by=1h)",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?count=true&by=app&offset=60")).getMessage());
        assertEquals("parameter 'offset=99999999999999999999' must be seconds from UTC, -64800..64800",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?count=true&by=1d&offset=99999999999999999999")).getMessage());
    }

    @Test
    void fieldFiltersAreRepeatableAndEachIsChecked() {
        assertEquals(List.of(FieldFilter.parse("status>=500"), FieldFilter.parse("path=/a=b")),
                parse("/s?field=status%3E%3D500&field=path%3D/a%3Db").query().fields());
        assertEquals("parameter 'field': 'status~5': unknown operator '~' (use NAME=VALUE, NAME!=VALUE, NAME>N, NAME>=N, NAME<N or NAME<=N)",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?field=status~5")).getMessage());
    }

    @Test
    void marksComeWithJsonOnly() {
        assertEquals(null, parse("/s?q=x").format().marks());
        assertTrue(parse("/s?q=x&marks=true").format().marks() != null);
        assertEquals("parameter 'marks' applies to format=json only",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?q=x&marks=true&format=raw")).getMessage());
    }

    @Test
    void contextIsAtMostAThousandEventsAndNotForCountsLimitsOrNewestFirst() {
        SearchParams p = parse("/s?q=x&before=2&after=3&order=oldest");
        assertEquals(2, p.before());
        assertEquals(3, p.after());
        assertEquals("parameter 'before=1001' must be a number of events, 0..1000",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?before=1001")).getMessage());
        assertEquals("parameter 'after=x' must be a number of events, 0..1000",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?after=x")).getMessage());
        for (String with : List.of("count=true", "limit=5", "order=newest")) {
            assertEquals("parameters 'before' and 'after' do not go with count, limit or order=newest",
                    assertThrows(IllegalArgumentException.class, () -> parse("/s?after=1&" + with)).getMessage());
        }
    }

    @Test
    void badParametersSayWhatIsAccepted() {
        assertEquals("unknown parameter 'pattern' (known: after, all_copies, app, before, by, count, field, format, host, i, limit, marks, mode, offset, order, q, severity, since, stat, tz, until, v, w, x)",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?pattern=x")).getMessage());
        assertEquals("parameter 'since=yesterday' is not an RFC 3339 time such as 2026-11-24T09:00:00Z",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?since=yesterday")).getMessage());
        assertEquals("parameter 'limit=-1' must be a whole number, 0 for no limit",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?limit=-1")).getMessage());
        assertEquals("parameter 'mode=perl' must be basic, extended or fixed",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?mode=perl")).getMessage());
        assertEquals("parameter 'q' given 2 times; it takes one value",
                assertThrows(IllegalArgumentException.class, () -> parse("/s?q=a&q=b")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("/s?severity=loud")).getMessage().startsWith("unknown severity 'loud'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("/s?since=2026-11-24T10:00:00Z&until=2026-11-24T09:00:00Z"))
                .getMessage().contains("is before since"));
    }
}
