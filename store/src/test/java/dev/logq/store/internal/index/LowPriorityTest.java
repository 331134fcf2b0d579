package dev.logq.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Indexing threads really run nice levels below the others (read back from /proc, as top shows it). */
class LowPriorityTest {

    /** The nice value of thread {@code tid}: field 19 of its stat line, counted after the command name. */
    private static int niceOf(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[16]);  // fields 3.. follow the name; nice is field 19
    }

    @Test
    void aLowPriorityThreadIsTenNiceLevelsBelowItsCreator() throws Exception {
        int mine = niceOf(LowPriority.currentThreadId());
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = Thread.ofPlatform().start(LowPriority.of(() -> {
            try {
                seen.set(niceOf(LowPriority.currentThreadId()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        t.join();
        assertEquals(Math.min(19, mine + LowPriority.NICE_INCREMENT), seen.get());
        assertEquals(mine, niceOf(LowPriority.currentThreadId()), "the caller's own priority is untouched");
        assertTrue(LowPriority.currentThreadId() > 0);
    }
}
