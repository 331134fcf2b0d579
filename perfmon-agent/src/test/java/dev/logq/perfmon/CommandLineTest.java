package dev.logq.perfmon;

import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        for (String flag : new String[] {"-A n", "-t n", "-u n", "-m n", "-s n", "-n n", "-i n", "-p n", "-R", "-r", "--to", "--count",
            "--root", "--version"}) {
            assertTrue(run.out().contains(flag), flag + " missing from:\n" + run.out());
        }
    }

    @Test
    void noGroupFlagPrintsTheUsageAndExits0AsJsonperfmonDoes() {
        for (String[] args : new String[][] {{}, {"-R"}, {"-A", "0"}}) {
            PerfmonRun run = PerfmonRun.run(root, time, args);

            assertEquals(0, run.status());
            assertTrue(run.out().startsWith("Usage: logq-perfmon [-A n]"), run.out());
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
        assertEquals("logq-perfmon: unknown option -x (see logq-perfmon --help)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void aGroupFlagNeedsANumberWithinJsonperfmonsRange() {
        for (String bad : new String[] {"33", "-33", "x", "1.5"}) {
            PerfmonRun run = PerfmonRun.run(root, time, "-t", bad);

            assertEquals(2, run.status(), bad);
            assertTrue(run.err().startsWith("logq-perfmon: -t " + bad + " is not a period: n from -32 to 32, 0 off"), run.err());
        }
        assertEquals("logq-perfmon: -m needs a number n (0 off, else every 2^(|n|-1) s) (see logq-perfmon --help)\n",
                PerfmonRun.run(root, time, "-m").err());
    }

    @Test
    void getoptForms_attachedAndBundledValuesAreTheSameAsSeparateOnes() throws Exception {
        Options separate = Options.parse("-R", "-t", "1", "-m", "-3");
        Options attached = Options.parse("-Rt1", "-m-3");

        assertEquals(separate, attached);
        assertEquals(Map.of(Group.CPU_TOTAL, 1, Group.MEMORY, -3), separate.periods());
        assertTrue(separate.blankLine());
        assertEquals(4, separate.periodSeconds(Group.MEMORY));
        assertTrue(separate.ownObject(Group.MEMORY));
    }

    @Test
    void aGroupsOwnFlagWinsOverDashAWhateverTheOrderAndItsFirstFlagCounts() throws Exception {
        Options options = Options.parse("-t", "3", "-A", "2", "-t", "5", "-p", "0");

        assertEquals(3, options.periods().get(Group.CPU_TOTAL), "-t before -A, and the first -t");
        assertEquals(2, options.periods().get(Group.STORAGE), "-A for the groups not named");
        assertFalse(options.periods().containsKey(Group.PROCESSES), "-p 0 turns it off despite -A");
        assertEquals(Map.of(Group.CPU_TOTAL, 1), Options.parse("-A", "0", "-t", "1").periods());
    }

    @Test
    void targetsAreCheckedBeforeAnythingRuns() {
        PerfmonRun run = PerfmonRun.run(root, time, "-t", "1", "--to", "relp://logs1");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: --to relp://logs1: name the host and port, as in relp://logs1:2514 (see logq-perfmon --help)\n",
                run.err());
        assertEquals(2, PerfmonRun.run(root, time, "-t", "1", "--to", "ftp://x:1").status());
    }

    @Test
    void countBelowOneIsRefused() {
        PerfmonRun run = PerfmonRun.run(root, time, "-t", "1", "--count", "0");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: --count 0 must be a whole number of at least 1 (leave it out to run until stopped)"
                + " (see logq-perfmon --help)\n", run.err());
    }

    @Test
    void rootWithoutProcIsRefusedWithAHint() {
        PerfmonRun run = PerfmonRun.run(time, time, "--root", tmp.toString(), "-t", "1", "--count", "1");

        assertEquals(2, run.status());
        assertEquals("logq-perfmon: cannot read " + tmp.resolve("proc/stat") + " (is --root " + tmp
                + " a Linux root with /proc mounted?)\n", run.err());
    }

    @Test
    void rootOnlyNeedsTheFilesOfTheChosenGroups() {
        root.delete("proc/stat").delete("proc/loadavg").delete("proc/cpuinfo");

        PerfmonRun run = PerfmonRun.run(root, time.afterSleep(() -> {}), "-m", "1", "--count", "1");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.single().has("memory"));
    }

    @Test
    void fileThatDisappearsWhileRunningIsStatus1() {
        time.afterSleep(() -> root.delete("proc/meminfo"));

        PerfmonRun run = PerfmonRun.run(root, time, "-m", "1", "--count", "1");

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

        int status = PerfmonRun.raw(closed, new PrintStream(err, true, StandardCharsets.UTF_8), time, time,
                "--root", root.dir.toString(), "-t", "1");

        assertEquals(1, status);
        assertEquals("logq-perfmon: cannot write to standard output: Broken pipe\n", err.toString(StandardCharsets.UTF_8));
    }
}
