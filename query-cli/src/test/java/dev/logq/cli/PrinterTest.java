package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrinterTest {

    @Test
    void intoATerminalEachLineIsWrittenAtOnce() throws Printer.Closed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Printer printer = new Printer(out, true);

        printer.println("first");

        assertEquals("first\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void intoAPipeLinesAreBufferedUntilFlushed() throws Printer.Closed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Printer printer = new Printer(out, false);

        printer.println("first");
        printer.println("café");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        printer.flush();

        assertEquals("first\ncafé\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenPipeIsAQuietEnd() {
        Printer printer = new Printer(failing("Broken pipe"), true);

        assertThrows(Printer.Closed.class, () -> printer.println("x"));
    }

    @Test
    void anyOtherWriteErrorIsAnError() {
        Printer printer = new Printer(failing("No space left on device"), true);

        CliException e = assertThrows(CliException.class, () -> printer.println("x"));
        assertEquals("cannot write to standard output (No space left on device)", e.getMessage());
    }

    private static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(message);
            }
        };
    }
}
