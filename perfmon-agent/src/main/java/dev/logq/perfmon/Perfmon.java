package dev.logq.perfmon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code logq-perfmon}: host statistics as jsonperfmon-compatible JSON, on standard output or to a log
 * server. Sampling runs on the calling thread (read the kernel's files, write, sleep); a network target
 * adds one sending thread. The command line is read by hand ({@link Options}) rather than by picocli,
 * which would be most of the agent's loaded classes.
 *
 * <p>Exit status: 0 after {@code --count} samples or when stopped by SIGTERM/SIGINT (the sample under
 * way is finished, none is started), 1 when reading or writing failed while running (including a closed
 * standard output), 2 on bad flags or a {@code --root} that lacks the files the groups need.
 */
public final class Perfmon {

    static final String USAGE = """
            Usage: logq-perfmon [-A n] [-t n] [-u n] [-m n] [-s n] [-n n] [-i n] [-p n] [-R] [-r]
                                [--to TARGET] [--count N] [--root DIR]
            Host statistics as jsonperfmon-compatible JSON, one object per sample, jsonperfmon's command line.
            Rates are per second over the time since the group's last reading; the first reading is only their baseline.

            Groups: n = 0 turns a group off, otherwise it is sampled every 2^(|n|-1) seconds (1 = 1 s, 2 = 2 s,
            3 = 4 s ...), on the seconds that divide by its period. Positive n puts the group in the one main
            object of that second, negative n gives it an object of its own.
              -A n          every group that its own flag does not set
              -t n          cpu_total: CPU shares, context switches, run queue, load average
              -u n          cpus: the shares of each CPU
              -m n          memory: sizes, paging and swapping, huge pages, swap use
              -s n          storage: disks (busy %, throughput, latency, queue) and fs (size, free %)
              -n n          nfsv3: the NFS version 3 client's calls, while there is one
              -i n          intfs: each network interface's packets, bytes, errors, drops
              -p n          processes: the top 10 by CPU and the top 5 by memory

            Output:
              -R            an empty line after each object (standard output only)
              -r            rsyslog improg's dialogue: wait for START on standard input, read a line after
                            each object, stop at STOP
              --to TARGET   stdout (default); syslog: the local /dev/log as local1.info, tag logq-perfmon
                            (syslog:/PATH for another socket); syslog://HOST:PORT: TCP, octet-counted;
                            relp://HOST:PORT; http://HOST:PORT: logqd's JSON ingest, token from LOGQ_TOKEN.
                            A server that is away gets retries; up to 2 MiB of samples wait, then the oldest go.
              --count N     stop after N samples
              --root DIR    read proc/, sys/ and etc/ under DIR instead of / (default: /)
              -h, --help    show this help
              --version     show the version

            Examples:
              logq-perfmon -A 1                          every group every second, on standard output
              logq-perfmon -A 1 -p 3 --to syslog         the same, processes every 4 s, to the local syslog
              logq-perfmon -t 1 -s -4 --to relp://logs1:2514
                                                         cpu_total every second, storage every 8 s on its own

            Exit status: 0 after --count samples or when stopped (SIGTERM, SIGINT), 1 if reading or writing
            failed while running, 2 on bad flags or --root.
            """;

    private Perfmon() {}

    /** The --help text, for logq-perfmon's man page (written at build time by logqd's ManPages). */
    public static String usage() {
        return USAGE;
    }

    /** The top-level keys of a sample, every group's ({@code cpu_total}, {@code disks}, ...): where host statistics' fields start. */
    public static List<String> sections() {
        return Arrays.stream(Group.values()).flatMap(g -> g.sections().stream()).toList();
    }

    public static void main(String[] args) {
        SystemPacer pacer = new SystemPacer();
        Thread sampling = Thread.currentThread();
        // SIGTERM and SIGINT: finish the sample under way, start none, exit 0 (the JVM would exit 143).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pacer.stop();
            try {
                sampling.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "logq-perfmon-stop"));
        int status = run(new FileOutputStream(FileDescriptor.out), System.err, System.in, Clock.systemDefaultZone(), pacer,
                pacer::stopped, System.getenv("LOGQ_TOKEN"), args);
        if (!pacer.stopped()) {
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Runs the command with the given streams, clocks and arguments; returns the exit status.
     *
     * @param stopping true once the program should end
     * @param token    logqd's API token for {@code --to http://}, or null
     */
    static int run(OutputStream out, PrintStream err, InputStream in, InstantSource clock, Pacer pacer, BooleanSupplier stopping,
            String token, String... args) {
        Options options;
        Target target;
        try {
            options = Options.parse(args);
            target = Target.parse(options.target());
        } catch (Options.UsageException e) {
            err.println("logq-perfmon: " + e.getMessage() + " (see logq-perfmon --help)");
            return 2;
        }
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        if (options.help() || (options.nothingToSample() && !options.version())) {
            stdout.print(USAGE); // with no group at all, jsonperfmon too prints its usage and exits 0
            return 0;
        }
        if (options.version()) {
            String version = Perfmon.class.getPackage().getImplementationVersion();
            stdout.println("logq-perfmon " + (version != null ? version : "dev"));
            return 0;
        }
        Output output = null;
        try {
            if (!Files.isDirectory(options.root())) {
                throw new IllegalArgumentException("--root " + options.root() + " is not a directory");
            }
            Map<Group, GroupSampler> samplers = Samplers.of(options.periods().keySet(), options.root(), clock, pacer);
            String hostname = HostReader.hostname(options.root());
            output = output(target, out, err, options.blankLine(), hostname, token);
            SampleWriter writer = new SampleWriter(hostname, samplers, output);
            Confirm confirm = options.confirm() ? new Confirm(in) : null;
            new SampleLoop(options, samplers, writer, clock, pacer, stopping, confirm).run();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("logq-perfmon: " + e.getMessage());
            return 2;
        } catch (IOException | InterruptedException e) {
            err.println("logq-perfmon: " + describe(e));
            return 1;
        } finally {
            if (output != null) {
                output.close();
            }
        }
    }

    private static Output output(Target target, OutputStream out, PrintStream err, boolean blankLine, String hostname, String token) {
        SyslogHeader header = new SyslogHeader(ZoneId.systemDefault(), hostname);
        Transport transport = switch (target.kind()) {
            case STDOUT -> null;
            case LOCAL_SYSLOG -> new LocalSyslog(target.socket(), header);
            case SYSLOG_TCP -> new TcpSyslog(target.host(), target.port(), header);
            case RELP -> new RelpClient(target.host(), target.port(), header);
            case HTTP -> new HttpIngest(target.host(), target.port(), hostname, token);
        };
        return transport == null ? new StreamOutput(out, blankLine)
                : new QueuedOutput(transport, target.toString(), err, QueuedOutput.DEFAULT_BUFFER_BYTES);
    }

    /** One line for stderr: NIO's file exceptions carry only the path as their message. */
    private static String describe(Exception ex) {
        if (ex instanceof FileSystemException fs) {
            return "cannot read " + fs.getFile() + (fs.getReason() != null ? ": " + fs.getReason() : ": " + ex.getClass().getSimpleName());
        }
        if (ex instanceof InterruptedException) {
            return "interrupted";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }
}
