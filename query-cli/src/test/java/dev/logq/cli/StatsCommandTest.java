package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logq.store.model.StatsRow;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** logq stats: merging the nodes' rows, the default buckets, globs, the table, sparklines, JSON and CSV. */
class StatsCommandTest {

    static StatsRow row(String origin, String host, long bucket, long count, double sum, double max) {
        return new StatsRow("cpu", origin, host, bucket, count, sum, sum / count, max, bucket + 50, max, max);
    }

    @Test
    void perOriginTheNodeHoldingTheMostSamplesIsTakenThenOriginsCombine() {
        StatsMerge merge = new StatsMerge();
        // node A holds all of origin n1 and part of n2 (replication behind); node B the reverse
        merge.add(List.of(row("n1", "web1", 0, 6, 60, 20), row("n2", "web1", 0, 1, 10, 10)));
        merge.add(List.of(row("n1", "web1", 0, 3, 30, 20), row("n2", "web1", 0, 2, 30, 25)));

        StatsRow merged = merge.byFieldAndHost().get("cpu").get("web1").getFirst();
        assertEquals(8, merged.count(), "6 of n1 from A, 2 of n2 from B: no copy counted twice");
        assertEquals(90, merged.sum());
        assertEquals(25, merged.max());
    }

    @Test
    void answersAreReadFromTheNodesJson() {
        List<StatsRow> rows = StatsMerge.parse("{\"rows\":[{\"field\":\"cpu\",\"origin\":\"n1\",\"host\":\"web \\\"1\\\"\",\"bucket\":60,"
                + "\"count\":2,\"sum\":3.5,\"min\":1.5,\"max\":2.0,\"last\":2.0,\"last_at\":110,\"p95\":2.0,\"later\":[1]}]}");

        assertEquals(List.of(new StatsRow("cpu", "n1", "web \"1\"", 60, 2, 3.5, 1.5, 2.0, 110, 2.0, 2.0)), rows);
    }

    @Test
    void theDefaultBucketGivesAboutSixtyOfThemInUsualSteps() {
        assertEquals(60, StatsCommand.defaultStep(Duration.ofHours(1)));
        assertEquals(10, StatsCommand.defaultStep(Duration.ofMinutes(5)));
        assertEquals(1800, StatsCommand.defaultStep(Duration.ofDays(1)));
        assertEquals(3 * 3600, StatsCommand.defaultStep(Duration.ofDays(7)));
        assertEquals(86400, StatsCommand.defaultStep(Duration.ofDays(365)));
    }

    @Test
    void aStarMatchesAnyPartOfAName() {
        Set<String> names = Set.of("disks.vda.busy_pct", "disks.nvme0n1.busy_pct", "disks.vda.read.blocks_s", "cpu_total.active", "x.y");

        assertEquals(List.of("disks.nvme0n1.busy_pct", "disks.vda.busy_pct"), StatsCommand.matching(names, List.of("disks.*.busy_pct")));
        assertEquals(List.of("cpu_total.active", "disks.nvme0n1.busy_pct", "disks.vda.busy_pct", "disks.vda.read.blocks_s", "x.y"),
                StatsCommand.matching(names, List.of()));
        assertEquals(List.of("x.y"), StatsCommand.matching(names, List.of("x.y")), "a dot is a dot, not any character");
    }

    @Test
    void theTableHasALinePerHostWithTheRangesValueAndASparklineWithGaps() {
        List<StatsRow> web1 = List.of(row("n1", "web1", 0, 1, 10, 10), row("n1", "web1", 60, 1, 50, 50), row("n1", "web1", 180, 1, 90, 90));
        Map<String, Map<String, List<StatsRow>>> rows = Map.of("cpu", Map.of("web1", web1));

        List<String> lines = StatsCommand.table(rows, StatsCommand.Agg.AVG, 0, 180, 60);

        assertEquals(List.of("HOST  FIELD         AVG  EVERY 1m", "web1  cpu            50  ▁▅ █"), lines);
        assertEquals("web1  cpu            90  ▁▅ █", StatsCommand.table(rows, StatsCommand.Agg.MAX, 0, 180, 60).get(1));
    }

    @Test
    void jsonAndCsvHaveARowPerBucket() {
        Map<String, Map<String, List<StatsRow>>> rows = Map.of("cpu", Map.of("web,1", List.of(row("n1", "web,1", 60, 2, 25, 20))));

        assertEquals(List.of("{\"time\":\"1970-01-01T00:01:00Z\",\"host\":\"web,1\",\"field\":\"cpu\",\"value\":12.5,\"count\":2}"),
                StatsCommand.json(rows, StatsCommand.Agg.AVG, ZoneOffset.UTC));
        assertEquals(List.of("time,host,field,max", "1970-01-01T00:01:00Z,\"web,1\",cpu,20"),
                StatsCommand.csv(rows, StatsCommand.Agg.MAX, ZoneOffset.UTC));
    }
}
