package dev.logq.cli;

import dev.logq.store.model.StatsRow;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * {@code logq stats --plot FILE}: the buckets as a chart, time on x, a line per host (and field, when
 * several), the field's unit on y, written as PNG or SVG by the file's extension. The only class that
 * uses JFreeChart, so the charting classes load only for {@code --plot}.
 */
final class Plot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 600;

    private Plot() {}

    /** Writes the chart of {@code rows} (field, then host, then buckets) to {@code file}. */
    static void write(Path file, Map<String, Map<String, List<StatsRow>>> rows, StatsCommand.Agg agg, long stepSeconds, ZoneId zone)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        TimeSeriesCollection series = new TimeSeriesCollection(TimeZone.getTimeZone(zone));
        boolean several = rows.size() > 1;
        rows.forEach((field, hosts) -> hosts.forEach((host, buckets) -> {
            TimeSeries line = new TimeSeries(several ? host + " " + field : host);
            for (StatsRow r : buckets) {
                line.add(new FixedMillisecond(r.bucket() * 1000), StatsCommand.value(r, agg));
            }
            series.addSeries(line);
        }));
        String fields = String.join(", ", rows.keySet());
        String aggName = agg.name().toLowerCase(Locale.ROOT);
        JFreeChart chart = ChartFactory.createTimeSeriesChart(fields + " (" + aggName + " per " + span(stepSeconds) + ")",
                "time (" + zone.getId() + ")", unit(rows.keySet().iterator().next()), series, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((DateAxis) plot.getDomainAxis()).setTimeZone(TimeZone.getTimeZone(zone));
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
            SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
        } else {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("nothing was written to " + file);
        }
    }

    /** The y axis's label: the unit the field's name ends with, as jsonperfmon names them. */
    static String unit(String field) {
        if (field.endsWith("_pct")) {
            return "%";
        }
        if (field.endsWith("bytes_s")) {
            return "bytes per second";
        }
        if (field.endsWith("blocks_s")) {
            return "512-byte blocks per second";
        }
        if (field.endsWith("_s")) {
            return "per second";
        }
        if (field.endsWith("_us")) {
            return "µs";
        }
        if (field.endsWith("_mb") || field.startsWith("memory.real_") || field.startsWith("memory.virt_total")) {
            return "MiB";
        }
        return field.substring(field.lastIndexOf('.') + 1);
    }

    private static String span(long seconds) {
        return seconds % 86400 == 0 ? seconds / 86400 + " d" : seconds % 3600 == 0 ? seconds / 3600 + " h"
                : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
