package dev.logq.cli;

import java.util.ArrayList;
import java.util.TreeMap;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logq.store.model.StatsRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** logq top: the processes of a sample, and a host's line from the merged statistics. */
class TopCommandTest {

    @Test
    void theBusiestProcessesComeFromTheSampleInRankOrderWithTheirNamesAsSent() {
        String sample = "{\"cpu_total\":{\"active\":2},\"disks\":{\"vda\":{\"busy_pct\":3,\"read\":{\"blocks_s\":1}}},"
                + "\"processes\":{\"cpu\":{\"0\":{\"pid\":9,\"process\":\"bad\\\"quote) (x\",\"cpu_pct\":50.5,\"mem_mb\":3},"
                + "\"1\":{\"pid\":1,\"process\":\"systemd\",\"cpu_pct\":1.0,\"mem_mb\":13},"
                + "\"2\":{\"pid\":2,\"process\":\"sshd\",\"cpu_pct\":0.0,\"mem_mb\":5},\"3\":{\"pid\":3,\"process\":\"cron\",\"cpu_pct\":0.0}},"
                + "\"mem\":{\"0\":{\"pid\":1,\"process\":\"systemd\",\"mem_mb\":13}}},\"list\":[1,2],\"server\":\"web1\",\"timestamp\":1}";

        assertEquals(List.of("bad\"quote) (x 50.5", "systemd 1.0", "sshd 0.0"), TopCommand.topProcesses(sample));
        assertEquals(List.of(), TopCommand.topProcesses("{\"cpu_total\":{}}"));
        assertEquals(List.of(), TopCommand.topProcesses("not json"));
    }

    static List<StatsRow> rows(String field, double... lasts) {
        List<StatsRow> rows = new ArrayList<>();
        for (int i = 0; i < lasts.length; i++) {
            rows.add(new StatsRow(field, "n1", "web1", i * 60L, 1, lasts[i], lasts[i], lasts[i], i * 60L, lasts[i], lasts[i]));
        }
        return rows;
    }

    @Test
    void aHostsLineHasItsLatestCpuLoadAndMemoryAndItsBusiestDiskAndInterface() {
        Map<String, Map<String, List<StatsRow>>> merged = new TreeMap<>(Map.of(
                "cpu_total.physique.user_pct", Map.of("web1", rows("u", 50, 10)),
                "cpu_total.physique.sys_pct", Map.of("web1", rows("s", 5, 2.5)),
                "cpu_total.load_average.T0", Map.of("web1", rows("l", 0.5)),
                "memory.real_total", Map.of("web1", rows("t", 2048)),
                "memory.real_free", Map.of("web1", rows("f", 512)),
                "disks.vda.busy_pct", Map.of("web1", rows("d", 10, 20)),
                "disks.vdb.busy_pct", Map.of("web1", rows("d", 1, 2)),
                "intfs.eth0.in.bytes_s", Map.of("web1", rows("i", 1024, 1024)),
                "intfs.eth0.out.bytes_s", Map.of("web1", rows("o", 2 << 20, 2 << 20)),
                "intfs.eth1.in.bytes_s", Map.of("web1", rows("i", 100, 100))));

        List<String> lines = TopCommand.table(TopCommand.hosts(merged, Map.of("web1", List.of("java 12.5"))));

        assertEquals("HOST   CPU%   LOAD     MEM USED  DISK BUSY       NET                 TOP CPU%", lines.get(0));
        assertEquals("web1   12.5    0.5    1.5G/2.0G  vda 15%         eth0 2.0 MB/s       java 12.5", lines.get(1));
    }
}
