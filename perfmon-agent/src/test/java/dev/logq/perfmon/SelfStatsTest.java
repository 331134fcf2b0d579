package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling inside another program (logqd --self-stats): every group in one object, on real time. */
class SelfStatsTest {

    @TempDir
    Path tmp;

    @Test
    void everyGroupArrivesAsOneObjectAndCloseStopsIt() throws Exception {
        FakeRoot root = new FakeRoot(tmp);
        BlockingQueue<String> objects = new LinkedBlockingQueue<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();

        try (SelfStats stats = SelfStats.start(root.dir, 1, objects::add, failures::add)) {
            assertEquals("vm", stats.hostname());
            assertEquals(1, stats.periodSeconds());
            String first = objects.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "a sample within 10 s at a 1 s period");
            JsonNode sample = new ObjectMapper().readTree(first);
            for (String section : List.of("cpu_total", "cpus", "memory", "disks", "fs", "intfs", "processes", "server", "timestamp")) {
                assertTrue(sample.has(section), section + " in " + first);
            }
        }
        objects.clear();
        Thread.sleep(1500);
        assertTrue(objects.isEmpty(), "nothing after close");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aPeriodIsRoundedDownToAPowerOfTwoSeconds() throws Exception {
        FakeRoot root = new FakeRoot(tmp);
        try (SelfStats stats = SelfStats.start(root.dir, 10, s -> {}, e -> {})) {
            assertEquals(8, stats.periodSeconds());
        }
        assertThrows(IllegalArgumentException.class, () -> SelfStats.start(root.dir, 0, s -> {}, e -> {}));
    }
}
