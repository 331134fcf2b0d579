package dev.logq.store.internal.index;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexing threads run at a lower OS priority ({@value #NICE_INCREMENT} nice levels down) than the
 * threads that take events in, append them to the journal and answer searches. On a small machine in a
 * burst, acknowledging and storing events comes first; the index catches up when the CPU is free (its
 * lag is in /healthz and /metrics). Threads that Lucene starts for merges inherit the lower priority.
 *
 * <p>Linux only: setpriority(2) on the thread's id, through the foreign function API. Elsewhere, or if
 * the call is refused, the threads keep the normal priority, which is said once in the log.
 */
public final class LowPriority {

    static final int NICE_INCREMENT = 10;
    private static final int PRIO_PROCESS = 0;  // with a thread id, setpriority(2) sets that thread's nice value
    private static final int MAX_NICE = 19;

    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final MethodHandle GETTID;
    private static final MethodHandle GETPRIORITY;
    private static final MethodHandle SETPRIORITY;

    static {
        MethodHandle gettid = null;
        MethodHandle getpriority = null;
        MethodHandle setpriority = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            gettid = linker.downcallHandle(libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            FunctionDescriptor whichWho = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
            getpriority = linker.downcallHandle(libc.find("getpriority").orElseThrow(), whichWho);
            setpriority = linker.downcallHandle(libc.find("setpriority").orElseThrow(),
                    whichWho.appendArgumentLayouts(ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {  // no such functions here (not Linux), or native access denied
            gettid = null;
        }
        GETTID = gettid;
        GETPRIORITY = getpriority;
        SETPRIORITY = setpriority;
    }

    private LowPriority() {}

    /** {@code task}, lowering the priority of the thread that runs it first. */
    public static Runnable of(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /** Lowers the calling thread's priority; false if it could not. */
    static boolean lowerCurrentThread() {
        if (GETTID != null) {
            try {
                int tid = (int) GETTID.invokeExact();
                int nice = (int) GETPRIORITY.invokeExact(PRIO_PROCESS, tid);  // -1 is also the error value; harmless here
                if ((int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, Math.min(MAX_NICE, nice + NICE_INCREMENT)) == 0) {
                    return true;
                }
            } catch (Throwable e) {
                // said below
            }
        }
        if (TOLD.compareAndSet(false, true)) {
            LOG.info("indexing runs at normal priority: this system does not let logqd lower a thread's priority");
        }
        return false;
    }

    /** The calling thread's id, for tests; -1 where there is none to be had. */
    static int currentThreadId() {
        try {
            return GETTID == null ? -1 : (int) GETTID.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }
}
