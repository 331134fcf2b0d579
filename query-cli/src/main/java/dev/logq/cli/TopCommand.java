package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.cli.SearchRequest.Mode;
import dev.logq.cli.SearchRequest.Order;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.StatsRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code logq top}: each host at a glance from its latest samples: CPU in use, load, memory in use, the
 * busiest disk and network interface over the range, and the processes using most CPU. Two questions
 * to every node: the statistics of the fields, disks and interfaces by {@code *} ({@code /api/v1/stats},
 * one bucket over the range), and the newest samples, for the process names.
 */
final class TopCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String CPU_USER = "cpu_total.physique.user_pct";
    private static final String CPU_SYS = "cpu_total.physique.sys_pct";
    private static final String LOAD = "cpu_total.load_average.T0";
    private static final String MEM_TOTAL = "memory.real_total";
    private static final String MEM_FREE = "memory.real_free";
    private static final List<String> GLOBS = List.of("disks.*.busy_pct", "intfs.*.in.bytes_s", "intfs.*.out.bytes_s");
    /** The processes shown per host. */
    private static final int PROCESSES = 3;

    private static final String[] DESCRIPTION = {
            "Show each host at a glance from its latest logq-perfmon or jsonperfmon",
            "samples: CPU in use (user + system, %%), load, memory in use, the busiest",
            "disk (busy %%) and network interface (bytes/s in + out, averaged over the",
            "range), and the processes using most CPU."};

    private static final String[] FOOTER = {
            "  logq top",
            "  logq top --since 1h -H web1 -H web2",
            "",
            "Exit status: 0 some host had samples, 1 none had, 2 bad usage or no node answered."};

    private final Logq.Env env;
    private final Logq parent;
    private CommandSpec spec;

    TopCommand(Logq.Env env, Logq parent) {
        this.env = env;
        this.parent = parent;
    }

    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("top").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().sortOptions(false).autoWidth(true).description(DESCRIPTION).footerHeading("%nExamples:%n").footer(FOOTER);
        spec.addArgGroup(LogqOptions.Time.spec());
        spec.addOption(OptionSpec.builder("-H", "--host").paramLabel("HOST").type(List.class).auxiliaryTypes(String.class).order(2)
                .description("Only HOST (repeat for several).").build());
        spec.addArgGroup(LogqOptions.Nodes.spec(3));
        spec.addOption(LogqOptions.helpOption(5));
        return spec;
    }

    /** What the table shows of one host. */
    record Host(String name, double cpu, double load, double memTotal, double memFree, String disk, double diskBusy, String intf,
            double intfBytes, List<String> processes) {}

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        LogqOptions.Time time = LogqOptions.Time.of(spec);
        if (time.since == null) {
            time.since = "5m";
        }
        List<String> hosts = LogqOptions.listValue(spec, "--host");
        LogqOptions.Select select = new LogqOptions.Select();
        select.hosts = hosts;
        select.apps = StatsCommand.SAMPLE_APPS;
        select.fields = List.of();
        Selection selected = Selection.of(spec, time, select, env.clock());
        Instant until = selected.until() != null ? selected.until() : env.clock().instant();
        long range = Math.max(1, Duration.between(selected.since(), until).toSeconds());
        CountBy oneBucket = new CountBy(CountBy.Kind.TIME, range * 2, 0);
        LogqOptions.Nodes given = LogqOptions.Nodes.of(spec).or(parent.nodes());
        Duration timeout = Selection.parse(spec, "--timeout", given.timeout, NodeAccess::timeout);
        SearchRequest request = new SearchRequest(null, Mode.BASIC, false, false, false, false, selected.since(), selected.until(),
                hosts, StatsCommand.SAMPLE_APPS, null, 0, Order.OLDEST, false, List.of(), false);
        try {
            NodeAccess access = NodeAccess.open(given, env, timeout);
            Printer out = new Printer(env.stdout(), env.stdoutIsTerminal());
            FanOut fanOut = new FanOut(access.client, access.targets, out, err, false, Progress.NONE);
            List<NodeFailure> failures = new ArrayList<>();
            List<String> fields = new ArrayList<>(List.of(CPU_USER, CPU_SYS, LOAD, MEM_TOTAL, MEM_FREE));
            fields.addAll(GLOBS);  // the nodes match them against their samples' field names
            StatsMerge merge = new StatsMerge();
            fanOut.ask(node -> access.client.stats(node, request, fields, oneBucket), failures).forEach(merge::add);
            Map<String, List<String>> processes = processes(fanOut, access.client, request.newest(50), failures);
            List<String> lines = table(hosts(merge.byFieldAndHost(), processes));
            for (String line : lines) {
                out.println(line);
            }
            out.flush();
            return fanOut.report(failures, lines.isEmpty() ? FanOut.NO_MATCH : FanOut.MATCH);
        } catch (Printer.Closed closed) {
            return FanOut.MATCH;
        } catch (CliException e) {
            err.println("logq: " + e.getMessage());
            return FanOut.ERROR;
        }
    }

    /** The busiest processes of each host's newest sample that has them: "name cpu%". */
    private static Map<String, List<String>> processes(FanOut fanOut, NodeClient client, SearchRequest newest,
            List<NodeFailure> failures) throws InterruptedException {
        Map<String, List<String>> byHost = new TreeMap<>();
        Map<String, Instant> at = new TreeMap<>();
        for (List<EventLine> events : fanOut.ask(node -> {
            List<EventLine> lines = new ArrayList<>();
            try (EventSource source = client.search(node, newest)) {
                for (EventLine e = source.next(); e != null; e = source.next()) {
                    lines.add(e);
                }
            }
            return lines;
        }, failures)) {
            for (EventLine e : events) {
                List<String> top = topProcesses(e.msg());
                if (!top.isEmpty() && (!at.containsKey(e.host()) || e.ts().isAfter(at.get(e.host())))) {
                    at.put(e.host(), e.ts());
                    byHost.put(e.host(), top);
                }
            }
        }
        return byHost;
    }

    /** {@code processes.cpu.0..} of a sample's JSON as "name cpu%", the first few; empty if it has none. */
    static List<String> topProcesses(String json) {
        Map<String, String> names = new TreeMap<>();
        Map<String, String> cpu = new TreeMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            List<String> path = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> path.add(p.currentName());
                    case START_OBJECT, START_ARRAY -> {
                        if (t == JsonToken.START_ARRAY) {
                            p.skipChildren();
                            pop(path);
                        }
                    }
                    case END_OBJECT -> pop(path);
                    default -> {
                        if (path.size() == 4 && path.get(0).equals("processes") && path.get(1).equals("cpu")) {
                            (path.get(3).equals("process") ? names : path.get(3).equals("cpu_pct") ? cpu : new TreeMap<String, String>())
                                    .put(path.get(2), p.getText());
                        }
                        pop(path);
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> top = new ArrayList<>();
        for (int i = 0; i < PROCESSES && names.containsKey(Integer.toString(i)); i++) {
            top.add(names.get(Integer.toString(i)) + " " + cpu.getOrDefault(Integer.toString(i), "?"));
        }
        return top;
    }

    private static void pop(List<String> path) {
        if (!path.isEmpty()) {
            path.removeLast();
        }
    }

    /** The hosts from the merged rows (the range's last values, and averages for disks and interfaces). */
    static List<Host> hosts(Map<String, Map<String, List<StatsRow>>> rows, Map<String, List<String>> processes) {
        TreeSet<String> names = new TreeSet<>(processes.keySet());
        rows.values().forEach(h -> names.addAll(h.keySet()));
        List<Host> hosts = new ArrayList<>();
        for (String name : names) {
            Map<String, Double> busiestDisk = new LinkedHashMap<>();
            Map<String, Double> intfBytes = new LinkedHashMap<>();
            rows.forEach((field, byHost) -> {
                List<StatsRow> r = byHost.get(name);
                if (r == null) {
                    return;
                }
                String[] parts = field.split("\\.");
                if (field.startsWith("disks.") && parts.length == 3) {
                    busiestDisk.put(parts[1], StatsCommand.whole(r).avg());
                } else if (field.startsWith("intfs.") && parts.length == 4) {
                    intfBytes.merge(parts[1], StatsCommand.whole(r).avg(), Double::sum);
                }
            });
            var disk = busiestDisk.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
            var intf = intfBytes.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
            hosts.add(new Host(name, last(rows, CPU_USER, name) + last(rows, CPU_SYS, name), last(rows, LOAD, name),
                    last(rows, MEM_TOTAL, name), last(rows, MEM_FREE, name), disk == null ? null : disk.getKey(),
                    disk == null ? Double.NaN : disk.getValue(), intf == null ? null : intf.getKey(),
                    intf == null ? Double.NaN : intf.getValue(), processes.getOrDefault(name, List.of())));
        }
        return hosts;
    }

    private static double last(Map<String, Map<String, List<StatsRow>>> rows, String field, String host) {
        List<StatsRow> r = rows.getOrDefault(field, Map.of()).get(host);
        return r == null ? Double.NaN : StatsCommand.whole(r).last();
    }

    static List<String> table(List<Host> hosts) {
        List<String> lines = new ArrayList<>();
        if (hosts.isEmpty()) {
            return lines;
        }
        int width = Math.max(4, hosts.stream().mapToInt(h -> h.name().length()).max().orElse(4));
        String format = "%-" + width + "s  %5s  %5s  %11s  %-14s  %-18s  %s";
        lines.add(String.format(Locale.ROOT, format, "HOST", "CPU%", "LOAD", "MEM USED", "DISK BUSY", "NET", "TOP CPU%").stripTrailing());
        for (Host h : hosts) {
            String mem = Double.isNaN(h.memTotal()) || Double.isNaN(h.memFree()) ? "-"
                    : String.format(Locale.ROOT, "%s/%s", gib(h.memTotal() - h.memFree()), gib(h.memTotal()));
            String disk = h.disk() == null ? "-" : h.disk() + " " + StatsCommand.number(h.diskBusy()) + "%";
            String net = h.intf() == null ? "-" : h.intf() + " " + rate(h.intfBytes());
            lines.add(String.format(Locale.ROOT, format, h.name(), num(h.cpu()), num(h.load()), mem, disk, net,
                    String.join(", ", h.processes())).stripTrailing());
        }
        return lines;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** MiB as GiB with one decimal: 1.5G. */
    private static String gib(double mib) {
        return String.format(Locale.ROOT, "%.1fG", mib / 1024);
    }

    private static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / (1 << 20));
        }
        return bytesPerSecond >= 1024 ? String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1024)
                : String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
    }
}
