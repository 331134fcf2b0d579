package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.store.model.StatsRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logq stats --plot: a real PNG and a real SVG, with a line per host and the unit on the axis. */
class PlotTest {

    @TempDir
    Path tmp;

    static Map<String, Map<String, List<StatsRow>>> rows() {
        List<StatsRow> web1 = new ArrayList<>();
        List<StatsRow> db1 = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            web1.add(new StatsRow("cpu_total.physique.user_pct", "n1", "web1", 1_796_000_000L + i * 60, 6, 6 * (10 + i % 7), 10, 16,
                    0, 12, 15));
            db1.add(new StatsRow("cpu_total.physique.user_pct", "n1", "db1", 1_796_000_000L + i * 60, 6, 6 * (40 + i % 5), 40, 44,
                    0, 41, 44));
        }
        return Map.of("cpu_total.physique.user_pct", Map.of("web1", web1, "db1", db1));
    }

    @Test
    void aPngIsAnImageOfTheChartsSize() throws Exception {
        Path png = tmp.resolve("cpu.png");

        Plot.write(png, rows(), StatsCommand.Agg.AVG, 60, ZoneOffset.UTC);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plot.WIDTH, image.getWidth());
        assertEquals(Plot.HEIGHT, image.getHeight());
    }

    @Test
    void anSvgNamesTheFieldTheBucketsAndEachHost() throws Exception {
        Path svg = tmp.resolve("cpu.svg");

        Plot.write(svg, rows(), StatsCommand.Agg.MAX, 60, ZoneOffset.UTC);

        String text = Files.readString(svg);
        assertTrue(text.startsWith("<!DOCTYPE svg") && text.contains("<svg "), text.substring(0, 80));
        assertTrue(text.contains(">web1</text>") && text.contains(">db1</text>"), "a legend entry per host");
        assertTrue(text.contains(">cpu_total.physique.user_pct (max per 1 min)</text>"), "the title: the field and the buckets");
        assertTrue(text.contains(">time (Z)</text>"), "the time axis and its zone");
    }

    @Test
    void unitsComeFromJsonperfmonsNames() {
        assertEquals("%", Plot.unit("disks.vda.busy_pct"));
        assertEquals("bytes per second", Plot.unit("intfs.eth0.in.bytes_s"));
        assertEquals("per second", Plot.unit("cpu_total.context_switch_s"));
        assertEquals("µs", Plot.unit("disks.vda.read.time_avg_us"));
        assertEquals("MiB", Plot.unit("memory.real_free"));
        assertEquals("T0", Plot.unit("cpu_total.load_average.T0"));
    }
}
