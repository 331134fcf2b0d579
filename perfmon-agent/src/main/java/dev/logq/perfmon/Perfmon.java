package dev.logq.perfmon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logq-perfmon}: host statistics as jsonperfmon-compatible JSON lines on standard output.
 *
 * <p>Everything runs on the calling thread: read the kernel's files, print, sleep. Exit status 0 after
 * {@code -c} samples, 1 when reading or writing failed while running (including a closed standard
 * output), 2 on bad flags or a {@code --root} that lacks the files the groups need.
 */
@Command(
        name = "logq-perfmon",
        mixinStandardHelpOptions = true,
        versionProvider = Perfmon.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Prints host statistics as jsonperfmon-compatible JSON, one object per sample and line, on standard output.",
            "Rates are per second over the sample period; the first reading is only their baseline, so the first line comes after one period.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logq-perfmon -A              every group, every second, until stopped",
            "  logq-perfmon -t -m -p 3 -c 5 cpu_total and memory every 4 s, five times",
            "  logq-perfmon -A -p -1        every group, each on its own line",
            "",
            "Exit status: 0 after COUNT samples, 1 if reading or writing failed while running, 2 on bad flags or --root."
        })
public final class Perfmon implements Callable<Integer> {

    @Option(names = {"-A", "--all"}, description = "All groups: cpu_total, cpus and memory (also what no group flag means).")
    boolean all;

    @Option(names = {"-t", "--cpu-total"}, description = "cpu_total: CPU shares, context switches, run queue, load average.")
    boolean cpuTotal;

    @Option(names = {"-u", "--cpus"}, description = "cpus: time shares of each CPU.")
    boolean cpus;

    @Option(names = {"-m", "--memory"}, description = "memory: sizes, paging and swapping rates, huge pages, swap use.")
    boolean memory;

    @Option(names = {"-p", "--period"}, paramLabel = "N", defaultValue = "1",
            description = "Sample every 2^(|N|-1) seconds: 1 = 1 s, 2 = 2 s, 3 = 4 s ... up to " + Config.MAX_PERIOD_EXPONENT
                    + ". Negative N prints each group on its own line (default: ${DEFAULT-VALUE}).")
    int period;

    @Option(names = {"-c", "--count"}, paramLabel = "COUNT", description = "Print COUNT samples, then exit (default: until stopped).")
    Long count;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Read proc/ and etc/ under DIR instead of / (default: ${DEFAULT-VALUE}).")
    Path root;

    private final OutputStream out;
    private final InstantSource clock;
    private final Pacer pacer;

    private Perfmon(OutputStream out, InstantSource clock, Pacer pacer) {
        this.out = out;
        this.clock = clock;
        this.pacer = pacer;
    }

    public static void main(String[] args) {
        System.exit(run(new FileOutputStream(FileDescriptor.out), System.err, Clock.systemUTC(), Pacer.SYSTEM, args));
    }

    /** Runs the command with the given streams, clocks and arguments; returns the exit status. */
    static int run(OutputStream out, PrintStream err, InstantSource clock, Pacer pacer, String... args) {
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine cmd = new CommandLine(new Perfmon(out, clock, pacer));
        cmd.setOut(stdout);
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            err.println("logq-perfmon: " + ex.getMessage() + " (see logq-perfmon --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("logq-perfmon: " + describe(ex));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        int status = cmd.execute(args);
        stdout.flush();
        return status;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config = Config.of(root, all, cpuTotal, cpus, memory, period, count);
        HostReader reader = new HostReader(config.root(), EnumSet.copyOf(config.groups()), clock, pacer);
        SampleWriter writer = new SampleWriter(out, reader.hostname(), config.groups(), config.linePerGroup());
        new SampleLoop(reader, writer, pacer, config.periodNanos(), config.count()).run();
        return 0;
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Perfmon.class.getPackage().getImplementationVersion();
            return new String[] {"logq-perfmon " + (version != null ? version : "dev")};
        }
    }
}
