package dev.logq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theCountIsRewrittenInPlaceAndWipedAtTheEnd() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), 0);
        p.add(1500);
        p.addLines("a\nb\nc".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5);
        p.done();
        assertEquals("\rlogq: 1,500 events so far\rlogq: 1,502 events so far\r\033[K", err.toString());
    }

    @Test
    void nothingIsSaidBeforeTheFirstIntervalOrWithoutAPlaceToSayIt() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), 60_000_000_000L);
        p.add(10);
        p.done();
        Progress.NONE.add(10);
        Progress.NONE.addLines(new byte[] {'\n'}, 1);
        Progress.NONE.done();
        assertEquals("", err.toString());
    }
}
