package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * logq's start-up cache (lib/logq/logq.aot) after a copy of the built tree that does not keep file times
 * ({@code cp -r}): the JVM would silently refuse it. {@code -XX:AOTMode=on} makes a run fail instead of
 * starting without the cache, which tells whether the cache fits.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartupCacheIT {

    @TempDir
    Path work;

    private static final Map<String, String> CACHE_REQUIRED = Map.of("LOGQ_JAVA_OPTS", "-XX:AOTMode=on");

    private Path copy() {
        Path copy = work.resolve("logq-copy");
        Run cp = Run.of(List.of("cp", "-r", Dist.home().toString(), copy.toString()));
        assertEquals(0, cp.exit(), cp.toString());
        return copy;
    }

    @Test
    void theBuiltTreeStartsWithItsCache() {
        Run run = Run.of(List.of(Dist.bin("logq").toString(), "--version"), CACHE_REQUIRED, null);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
    }

    @Test
    void aCopyThatLostTheFileTimesMakesItsCacheAgainAndSaysSoOnce() {
        Path copy = copy();
        String logq = copy.resolve("bin/logq").toString();
        Run first = Run.of(List.of(logq, "--version"));
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.err().contains("does not fit its jars (copied?); making it again in the background"), first.err());
        Path making = copy.resolve("lib/logq/logq.aot.making");
        for (int i = 0; i < 300 && Files.exists(making); i++) {
            LogqdProcess.sleep(100);
        }
        Run later = Run.of(List.of(logq, "--version"), CACHE_REQUIRED, null);
        assertEquals(0, later.exit(), "the cache fits again\n" + later);
        assertEquals("", later.err());
    }

    @Test
    void aCopyLogqMayNotWriteToSaysOnceThatItStartsSlower() {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser to run logq as a user who may not write the copy");
        Path copy = copy();
        Path cache = work.resolve("nobody-cache");
        Run mk = Run.of(List.of("install", "-d", "-o", "nobody", cache.toString()));
        assertEquals(0, mk.exit(), mk.toString());
        Run open = Run.of(List.of("chmod", "-R", "a+rX", work.toString()));
        assertEquals(0, open.exit(), open.toString());
        List<String> asNobody = List.of("runuser", "-u", "nobody", "--", "env", "XDG_CACHE_HOME=" + cache,
                copy.resolve("bin/logq").toString(), "--version");
        Run first = Run.of(asNobody);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.err().contains("so logq starts slower; run logq once as the owner of"), first.err());
        Run second = Run.of(asNobody);
        assertEquals(0, second.exit(), second.toString());
        assertEquals("", second.err(), "said once");
    }
}
