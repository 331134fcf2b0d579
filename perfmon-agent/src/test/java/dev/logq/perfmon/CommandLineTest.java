package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags, their validation, and exit statuses (0 done, 1 failed while running, 2 bad flags or --root). */
class CommandLineTest {

    @TempDir
    Path tmp;

    FakeRoot root;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp() {
        root = new FakeRoot(tmp);
    }

    @Test
    void helpListsEveryFlagOnStandardOutput() {
        PerfmonRun run = PerfmonRun.run(time, time, "--help");

        assertEquals(0, run.status());
        for (String flag : new String[] {"-A", "-t", "-u", "-m", "-p", "-c", "--root", "--version"}) {
            assertTrue(run.out().contains(flag), flag + " missing from:\n" + run.out());
        }
    }

    @Test
    void versionNamesTheProgram() {
        PerfmonRun run = PerfmonRun.run(time, time, "--version");

        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("logq-perfmon "), run.out());
    }

    @Test
    void unknownFlagIsOneLineOnStderrWithStatus2() {
        PerfmonRun run = PerfmonRun.run(root, time, "-x");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: Unknown option: '-x' (see logq-perfmon --help)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void periodZeroIsRefusedWithWhatIsAllowed() {
        PerfmonRun run = PerfmonRun.run(root, time, "-p", "0");

        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("logq-perfmon: -p 0 is not a period: use n from 1 to 16"), run.err());
    }

    @Test
    void periodBeyondNineHoursIsRefused() {
        assertEquals(2, PerfmonRun.run(root, time, "-p", "17").status());
        assertEquals(2, PerfmonRun.run(root, time, "-p", "-17").status());
    }

    @Test
    void countBelowOneIsRefused() {
        PerfmonRun run = PerfmonRun.run(root, time, "-c", "0");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: -c 0 must be at least 1 (leave it out to run until stopped)\n", run.err());
    }

    @Test
    void rootWithoutProcIsRefusedWithAHint() {
        PerfmonRun run = PerfmonRun.run(time, time, "--root", tmp.toString(), "-c", "1");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: cannot read " + tmp.resolve("proc/stat") + " (is --root " + tmp
                + " a Linux root with /proc mounted?)\n", run.err());
    }

    @Test
    void rootOnlyNeedsTheFilesOfTheChosenGroups() {
        root.delete("proc/stat").delete("proc/loadavg").delete("proc/cpuinfo");

        PerfmonRun run = PerfmonRun.run(root, time.afterSleep(() -> {}), "-m", "-c", "1");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.single().has("memory"));
    }

    @Test
    void fileThatDisappearsWhileRunningIsStatus1() {
        time.afterSleep(() -> root.delete("proc/meminfo"));

        PerfmonRun run = PerfmonRun.run(root, time, "-m", "-c", "1");

        assertEquals(1, run.status());
        assertEquals("logq-perfmon: cannot read " + root.dir.resolve("proc/meminfo") + ": it disappeared\n", run.err());
    }

    @Test
    void closedStandardOutputIsStatus1() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Perfmon.run(closed, new PrintStream(err, true, StandardCharsets.UTF_8), time, time,
                "--root", root.dir.toString(), "-t");

        assertEquals(1, status);
        assertEquals("logq-perfmon: cannot write to standard output: Broken pipe\n", err.toString(StandardCharsets.UTF_8));
    }
}
