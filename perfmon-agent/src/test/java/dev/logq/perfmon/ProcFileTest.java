package dev.logq.perfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFileTest {

    @TempDir
    Path tmp;

    private ProcFile load(String content) throws IOException {
        Path file = tmp.resolve("f");
        Files.writeString(file, content);
        ProcFile proc = new ProcFile();
        assertTrue(proc.load(file));
        return proc;
    }

    @Test
    void keyMatchesOnlyAtTheStartOfALineAndValuesFollowIt() throws IOException {
        ProcFile proc = load("nr_active_anon 393\nMemTotal:       24684084 kB\n");

        assertTrue(proc.nextLine());
        assertFalse(proc.startsWith("active_anon"));
        assertTrue(proc.startsWith("nr_active_anon "));
        assertEquals(393, proc.nextLong());
        assertEquals(Counters.NONE, proc.nextLong(), "no more numbers on the line");
        assertTrue(proc.nextLine());
        assertTrue(proc.startsWith("MemTotal:"));
        assertEquals(24684084, proc.nextLong());
        assertFalse(proc.nextLine());
    }

    @Test
    void decimalsAreTheSameDoublesJavaWouldParse() throws IOException {
        ProcFile proc = load("0.87 12.05 100 3/146\ncpu MHz\t\t: 2596.150\n");

        proc.nextLine();
        assertEquals(0.87, proc.nextDecimal());
        assertEquals(12.05, proc.nextDecimal());
        assertEquals(100.0, proc.nextDecimal());
        proc.nextLine();
        assertTrue(proc.startsWith("cpu MHz"));
        assertEquals(2596.15, proc.nextDecimal());
        assertTrue(Double.isNaN(proc.nextDecimal()));
    }

    @Test
    void cpuNumberIsReadRightAfterThePrefix() throws IOException {
        ProcFile proc = load("cpu  1 2 3\ncpu12 4 5 6\n");

        proc.nextLine();
        assertTrue(proc.startsWith("cpu"));
        assertFalse(proc.atDigit(), "the total line has a space after cpu");
        proc.nextLine();
        assertTrue(proc.startsWith("cpu"));
        assertTrue(proc.atDigit());
        assertEquals(12, proc.nextLong());
        assertEquals(4, proc.nextLong());
    }

    @Test
    void fileLargerThanTheBufferIsReadWhole() throws IOException {
        StringBuilder text = new StringBuilder("intr");
        for (int i = 0; i < 20_000; i++) {
            text.append(" 0");
        }
        ProcFile proc = load(text.append("\nctxt 42\n").toString());

        proc.nextLine();
        proc.nextLine();
        assertTrue(proc.startsWith("ctxt "));
        assertEquals(42, proc.nextLong());
    }

    @Test
    void lastLineWithoutLineFeedIsStillALine() throws IOException {
        ProcFile proc = load("a 1\nb 2");

        proc.nextLine();
        proc.nextLine();
        assertTrue(proc.startsWith("b "));
        assertEquals(2, proc.nextLong());
    }

    @Test
    void missingFileIsNotAnError() throws IOException {
        assertFalse(new ProcFile().load(tmp.resolve("absent")));
    }

    @Test
    void textIsTrimmed() throws IOException {
        assertEquals("web1", load("  web1\n").text());
    }
}
