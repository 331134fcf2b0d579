package dev.logq.cli;

import java.nio.file.Path;
import java.io.IOException;
import java.util.TreeSet;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logq.cli.SearchRequest.Mode;
import dev.logq.cli.SearchRequest.Order;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.HostSamples;
import dev.logq.store.model.StatsRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code logq stats}: host statistics (the numeric fields of logq-perfmon's and jsonperfmon's samples,
 * or of any JSON events with {@code -a}) per host over a time range: one line per host and field with
 * the aggregate over the range and a sparkline of its buckets. Aggregated by the nodes from their
 * indexes ({@code GET /api/v1/stats}); merged here per origin as counts are.
 */
final class StatsCommand implements Callable<Integer> {

    static final List<String> SAMPLE_APPS = List.copyOf(new TreeSet<>(HostSamples.APPS));
    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    private static final long[] STEPS = {10, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400};
    /** How many buckets a default --every aims at: a sparkline fits a terminal line. */
    private static final int BUCKETS = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private static final String[] DESCRIPTION = {
            "Show host statistics: for each FIELD (a numeric field of logq-perfmon's or",
            "jsonperfmon's samples, as cpu_total.physique.user_pct or disks.vda.busy_pct;",
            "* matches any part of a name) one line per host with its aggregate over the",
            "time range and a sparkline of the --every buckets. Samples only, unless -a",
            "names other apps."};

    private static final String[] FOOTER = {
            "  logq stats cpu_total.physique.user_pct",
            "      CPU use per host over the last hour, a minute a bucket",
            "  logq stats 'disks.*.busy_pct' --since 1d --agg max",
            "      the busiest minute of each disk of each host today",
            "  logq stats memory.real_free -H db1 --every 5m -o csv > free.csv",
            "      the buckets as CSV, for a spreadsheet",
            "  logq stats cpu_total.physique.user_pct --since 7d --plot cpu.png",
            "      the week's CPU use per host as a chart (PNG or SVG)",
            "  logq stats --list 'cpu_total.*'",
            "      the field names there are",
            "",
            "TIME and SPAN as in logq --help (15m, 2h, 7d, 2026-11-24, 10:30...).",
            "Exit status: 0 some host had the fields, 1 none had, 2 bad usage or no node",
            "answered."};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    StatsCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    /** The subcommand's model, built as {@link LogqOptions} builds logq's. */
    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("stats").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExamples:%n").footer(FOOTER);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("FIELD").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description("A numeric field's name; * matches any part of it.").build());
        spec.addArgGroup(LogqOptions.Time.spec());
        spec.addArgGroup(LogqOptions.Select.spec());
        spec.addArgGroup(LogqOptions.Nodes.spec(3));
        spec.addOption(OptionSpec.builder("--every").paramLabel("SPAN").type(String.class).order(4)
                .description("The length of a bucket (default: about 60 buckets over the range: 1m for an hour).").build());
        spec.addOption(OptionSpec.builder("--agg").paramLabel("AGG").type(String.class).order(4)
                .description("avg (default), max, min, p95 or last: of each bucket, and of the range.").build());
        spec.addOption(OptionSpec.builder("--list").arity("0").type(boolean.class).order(4)
                .description("List the field names (matching FIELD, if given) instead.").build());
        spec.addOption(OptionSpec.builder("--plot").paramLabel("FILE").type(String.class).order(4)
                .description("Also draw the buckets as a chart in FILE, .png or .svg: time on x, a line per host.").build());
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(String.class).order(4)
                .description("short: a line per host (default); json: {\"time\":..,\"host\":..,\"field\":..,\"value\":..} per"
                        + " bucket; csv: time,host,field,value.").build());
        spec.addOption(LogqOptions.helpOption(5));
        return spec;
    }

    /** How a bucket's, and the range's, value is chosen. */
    enum Agg { AVG, MAX, MIN, P95, LAST }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        LogqOptions.Select select = LogqOptions.Select.of(spec);
        LogqOptions.Time time = LogqOptions.Time.of(spec);
        if (time.since == null) {
            time.since = "1h";
        }
        Selection selected = Selection.of(spec, time, select, env.clock());
        List<String> asked = spec.positionalParameters().getFirst().getValue();
        asked = asked == null ? List.of() : asked;
        boolean list = Boolean.TRUE.equals(spec.findOption("--list").getValue());
        if (asked.isEmpty() && !list) {
            throw new ParameterException(spec.commandLine(), "name a field, as cpu_total.physique.user_pct (logq stats --list shows them)");
        }
        String aggText = spec.findOption("--agg").getValue();
        Agg agg = aggText == null ? Agg.AVG : Selection.parse(spec, "--agg", aggText, StatsCommand::agg);
        String plotText = spec.findOption("--plot").getValue();
        Path plot = plotText == null ? null : Selection.parse(spec, "--plot", plotText, StatsCommand::plotFile);
        String format = spec.findOption("-o").getValue();
        String output = format == null ? "short" : Selection.parse(spec, "-o", format, StatsCommand::format);
        ZoneId zone = env.clock().getZone();
        Instant until = selected.until() != null ? selected.until() : env.clock().instant();
        Instant since = selected.since();
        long offset = zone.getRules().getOffset(until).getTotalSeconds();
        String every = spec.findOption("--every").getValue();
        CountBy buckets = every != null ? Selection.parse(spec, "--every", every, text -> bucket(text, offset))
                : new CountBy(CountBy.Kind.TIME, defaultStep(Duration.between(since, until)), offset);
        List<String> apps = select.apps.isEmpty() ? SAMPLE_APPS : select.apps;
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        Duration timeout = Selection.parse(spec, "--timeout", given.timeout, NodeAccess::timeout);
        SearchRequest request = new SearchRequest(null, Mode.BASIC, false, false, false, false, since, selected.until(),
                select.hosts, apps, selected.severity(), 0, Order.OLDEST, false, select.fields, false);
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            Printer out = new Printer(env.stdout(), env.stdoutIsTerminal());
            FanOut fanOut = new FanOut(access.client, access.targets, out, err, false, Progress.NONE);
            List<NodeFailure> failures = new ArrayList<>();
            List<String> fields = asked;
            // samples' names with a * are matched by the nodes against their segments' field lists; other events' by
            // listing their field names here, which reads every event of the range
            if (list || (!select.apps.isEmpty() && asked.stream().anyMatch(f -> f.contains("*")))) {
                CountMerge names = new CountMerge();
                fanOut.ask(node -> access.client.count(node, request, new CountBy(CountBy.Kind.FIELDS, 0, 0)), failures).forEach(names::add);
                fields = matching(names.groups().keySet(), asked);
                if (list) {
                    print(out, fields);
                    return fanOut.report(failures, fields.isEmpty() ? FanOut.NO_MATCH : FanOut.MATCH);
                }
                if (fields.isEmpty()) {
                    return fanOut.report(failures, FanOut.NO_MATCH);
                }
            }
            List<String> wanted = fields;
            StatsMerge merge = new StatsMerge();
            fanOut.ask(node -> access.client.stats(node, request, wanted, buckets), failures).forEach(merge::add);
            Map<String, Map<String, List<StatsRow>>> rows = merge.byFieldAndHost();
            List<String> lines = switch (output) {
                case "json" -> json(rows, agg, zone);
                case "csv" -> csv(rows, agg, zone);
                default -> table(rows, agg, buckets.bucketOf(since.getEpochSecond()), buckets.bucketOf(until.getEpochSecond() - 1),
                        buckets.bucketSeconds());
            };
            print(out, lines);
            if (plot != null && !rows.isEmpty()) {
                try {
                    Plot.write(plot, rows, agg, buckets.bucketSeconds(), zone);
                } catch (IOException e) {
                    err.println("logq: cannot write " + plot + ": " + e.getMessage());
                    return FanOut.ERROR;
                }
            }
            return fanOut.report(failures, rows.isEmpty() ? FanOut.NO_MATCH : FanOut.MATCH);
        } catch (Printer.Closed closed) {
            return FanOut.MATCH;
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    private static void print(Printer out, List<String> lines) throws Printer.Closed {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /** The chart's file: PNG or SVG, by its extension (the charting classes are not loaded to check it). */
    private static Path plotFile(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".png") && !lower.endsWith(".svg")) {
            throw new IllegalArgumentException("'" + file + "': give a file ending in .png or .svg");
        }
        return Path.of(file);
    }

    private static Agg agg(String text) {
        try {
            return Agg.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' (give avg, max, min, p95 or last)");
        }
    }

    private static String format(String text) {
        if (text.equals("short") || text.equals("json") || text.equals("csv")) {
            return text;
        }
        throw new IllegalArgumentException("'" + text + "' (give short, json or csv)");
    }

    private static CountBy bucket(String text, long offset) {
        CountBy by = CountBy.parse(text, offset);
        if (by.kind() != CountBy.Kind.TIME) {
            throw new IllegalArgumentException("'" + text + "' is not a span (give 10s, 1m, 1h, 1d...)");
        }
        return by;
    }

    /** The smallest of the usual steps that gives at most about {@link #BUCKETS} buckets over the range. */
    static long defaultStep(Duration range) {
        long wanted = Math.max(1, range.toSeconds() / BUCKETS);
        for (long step : STEPS) {
            if (step >= wanted) {
                return step;
            }
        }
        return STEPS[STEPS.length - 1];
    }

    /** The names matching any of the globs ({@code *} any part), or all names without globs, in order. */
    static List<String> matching(Set<String> names, List<String> globs) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : globs) {
            patterns.add(HostSamples.namePattern(glob));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : new TreeSet<>(names)) {
            if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(name).matches())) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** The value of one bucket, or of several combined, by the aggregate. */
    static double value(StatsRow r, Agg agg) {
        return switch (agg) {
            case AVG -> r.avg();
            case MAX -> r.max();
            case MIN -> r.min();
            case P95 -> r.p95();
            case LAST -> r.last();
        };
    }

    /** All of a host's buckets as one row. */
    static StatsRow whole(List<StatsRow> buckets) {
        StatsRow all = buckets.getFirst();
        for (int i = 1; i < buckets.size(); i++) {
            all = all.plus(buckets.get(i));
        }
        return all;
    }

    /** A line per field and host: HOST FIELD VALUE SPARKLINE, the sparkline a character per bucket from first to last. */
    static List<String> table(Map<String, Map<String, List<StatsRow>>> rows, Agg agg, long first, long last, long step) {
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            return lines;
        }
        int hostWidth = "HOST".length();
        int fieldWidth = "FIELD".length();
        for (var field : rows.entrySet()) {
            fieldWidth = Math.max(fieldWidth, field.getKey().length());
            for (String host : field.getValue().keySet()) {
                hostWidth = Math.max(hostWidth, host.length());
            }
        }
        String head = agg.name().toLowerCase(Locale.ROOT);
        lines.add(pad("HOST", hostWidth) + "  " + pad("FIELD", fieldWidth) + "  " + String.format("%10s", head.toUpperCase(Locale.ROOT))
                + "  EVERY " + span(step));
        for (var field : rows.entrySet()) {
            for (var host : field.getValue().entrySet()) {
                List<StatsRow> buckets = host.getValue();
                lines.add(pad(host.getKey(), hostWidth) + "  " + pad(field.getKey(), fieldWidth) + "  "
                        + String.format(Locale.ROOT, "%10s", number(value(whole(buckets), agg))) + "  " + sparkline(buckets, agg, first, last, step));
            }
        }
        return lines;
    }

    /** A character per bucket from {@code first} to {@code last}, scaled between the smallest and the largest; a blank where none. */
    static String sparkline(List<StatsRow> buckets, Agg agg, long first, long last, long step) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (StatsRow r : buckets) {
            lo = Math.min(lo, value(r, agg));
            hi = Math.max(hi, value(r, agg));
        }
        StringBuilder line = new StringBuilder();
        int at = 0;
        for (long b = first; b <= last; b += step) {
            while (at < buckets.size() && buckets.get(at).bucket() < b) {
                at++;
            }
            if (at < buckets.size() && buckets.get(at).bucket() == b) {
                double v = value(buckets.get(at), agg);
                int level = hi > lo ? (int) Math.round((v - lo) / (hi - lo) * (SPARKS.length() - 1)) : 0;
                line.append(SPARKS.charAt(level));
            } else {
                line.append(' ');
            }
        }
        return line.toString().stripTrailing();
    }

    static List<String> json(Map<String, Map<String, List<StatsRow>>> rows, Agg agg, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        rows.forEach((field, hosts) -> hosts.forEach((host, buckets) -> buckets.forEach(r -> lines.add("{\"time\":\""
                + TIME.format(Instant.ofEpochSecond(r.bucket()).atZone(zone)) + "\",\"host\":" + quote(host) + ",\"field\":" + quote(field)
                + ",\"value\":" + number(value(r, agg)) + ",\"count\":" + r.count() + "}"))));
        return lines;
    }

    static List<String> csv(Map<String, Map<String, List<StatsRow>>> rows, Agg agg, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        lines.add("time,host,field," + agg.name().toLowerCase(Locale.ROOT));
        rows.forEach((field, hosts) -> hosts.forEach((host, buckets) -> buckets.forEach(r -> lines.add(
                TIME.format(Instant.ofEpochSecond(r.bucket()).atZone(zone)) + "," + csvText(host) + "," + csvText(field) + ","
                        + number(value(r, agg))))));
        return lines;
    }

    private static String csvText(String s) {
        return s.matches("[^\",\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A number as short as it is exact to two decimals: 12, 12.5, 0.33. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "null";
        }
        double rounded = Math.round(v * 100) / 100.0;
        return rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15 ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    private static String span(long seconds) {
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
