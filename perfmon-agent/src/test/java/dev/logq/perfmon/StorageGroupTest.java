package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * disks and fs (-s) from the fixture's /proc/diskstats, /sys/block and /proc/mounts. One second after the
 * baseline, nvme0n1 did 200 reads (1600 sectors, 50 ms) and 100 writes (800 sectors, 150 ms), was busy
 * 250 ms and had 400 ms of weighted queue time, with 3 I/Os in flight.
 */
class StorageGroupTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
        time.afterSleep(() -> root.set("proc/diskstats", " 259       0 nvme0n1 ",
                " 259       0 nvme0n1 1204531 2201 98135050 402163 5507822 1201334 401234578 8120481 3 3301470 8533401 0 0 0 0 0 0"));
    }

    private JsonNode sample() {
        return PerfmonRun.run(root, time, "-s", "1", "--count", "1").single();
    }

    @Test
    void everyWholeDeviceThatDidIoIsADiskPartitionsAndIdleLoopDevicesAreNot() {
        // jsonperfmon read only majors 8 (sd) and 253 (dm): vda (virtio, 254) and nvme0n1 (259) were missing.
        assertEquals(List.of("loop1", "vda", "nvme0n1", "dm-0"), OutputFormatTest.names(sample().get("disks")));
    }

    @Test
    void diskFieldsAreRatesPercentsAndMicrosecondsOverTheInterval() {
        JsonNode nvme = sample().get("disks").get("nvme0n1");

        assertEquals(25, nvme.get("busy_pct").longValue(), "250 ms of 1000");
        assertEquals(1600, nvme.get("read").get("blocks_s").longValue());
        assertEquals(250, nvme.get("read").get("time_avg_us").longValue(), "50 ms over 200 reads");
        assertEquals(800, nvme.get("write").get("blocks_s").longValue());
        assertEquals(1500, nvme.get("write").get("time_avg_us").longValue(), "150 ms over 100 writes, in µs (jsonperfmon: ms)");
        assertEquals(1333, nvme.get("queue").get("time_avg_us").longValue(), "400 ms over 300 I/Os");
        assertEquals(0.15, nvme.get("queue").get("write_len_avg").doubleValue(), "150 ms writing in 1000 ms");
        assertEquals(0.05, nvme.get("queue").get("read_len_avg").doubleValue());
        assertEquals(3, nvme.get("queue").get("wq_depth").longValue());
    }

    @Test
    void busyNeverPassesAHundredPercent() {
        // io_ticks grew 1.5 s in a 1 s interval (the kernel's accounting is approximate); jsonperfmon printed up to 1000.
        time.afterSleep(() -> {}); // consumed by setUp's step; the next one is ours
        root.set("proc/diskstats", " 254       0 vda ", " 254       0 vda 744674 31939 25656634 1186397 810034 394905 273811200 1113361 0 246440 2376994 0 0 0 0 0 0");
        FakeTime t = new FakeTime().afterSleep(() -> root.set("proc/diskstats", " 254       0 vda ",
                " 254       0 vda 744675 31939 25656642 1186398 810034 394905 273811200 1113361 0 247940 2376995 0 0 0 0 0 0"));

        JsonNode vda = PerfmonRun.run(root, t, "-s", "1", "--count", "1").single().get("disks").get("vda");

        assertEquals(100, vda.get("busy_pct").longValue());
    }

    @Test
    void fsHasEachStorageFileSystemOnceKeyedAsJsonperfmonKeysIt() {
        JsonNode fs = sample().get("fs");

        // proc, sysfs, tmpfs, devtmpfs, overlay and squashfs are not storage; /dev/vda1 on /var/lib/docker is a second
        // mount of the root's device; the NFS mount's directory exists in the fixture, so it is measured too.
        assertEquals(List.of("dev_vda1", "dev_mapper_vg0-data", "nas1:_export_home"), OutputFormatTest.names(fs));
        assertEquals("/", fs.get("dev_vda1").get("mount").textValue());
        assertEquals("/srv/my data", fs.get("dev_mapper_vg0-data").get("mount").textValue(), "\\040 in /proc/mounts is a space");
        assertEquals("LUN", fs.get("dev_vda1").get("type").textValue());
        assertEquals("ext4", fs.get("dev_vda1").get("fstype").textValue());
        assertEquals("NFS", fs.get("nas1:_export_home").get("type").textValue());
        long free = fs.get("dev_vda1").get("free_pct").longValue();
        assertTrue(free >= 0 && free <= 100, "free_pct " + free);
        assertTrue(fs.get("dev_vda1").get("size_mb").longValue() > 0);
    }

    @Test
    void freePercentIsWhatDfCallsAvailableNotCountingTheBlocksReservedForRoot() {
        // 100 GB, 60 GB free of which 5 GB reserved for root: df shows 40 used and 55 available, Use% 43 (rounded up),
        // so 57 available. jsonperfmon printed 60, counting the reserved blocks.
        assertEquals(57, FsSampler.availablePercent(100, 60, 55));
        assertEquals(55, FsSampler.availablePercent(1000, 560, 555), "440 used of 995: Use% 44.2 rounds up to 45, as df rounds it");
        assertEquals(0, FsSampler.availablePercent(100, 5, 0), "full for users, though root may still write");
        assertEquals(100, FsSampler.availablePercent(100, 100, 100));
        assertEquals(0, FsSampler.availablePercent(0, 0, 0), "an empty file system (a pseudo one that slipped through)");
    }

    @Test
    void mountsWithoutDiskstatsStillGiveFsAndTheOtherWayRound() {
        root.delete("proc/mounts");

        JsonNode line = sample();

        assertTrue(line.has("disks"));
        assertFalse(line.has("fs"));
    }
}
