package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What each program of the built distribution starts with: its class path is the jars in its own
 * lib directory. logq and logq-perfmon run on small hosts beside other programs, so they carry no
 * more than they use.
 */
class ClassPathIT {

    /** The jars of lib/PROGRAM, without versions: {@code jackson-core}, {@code picocli}, ... */
    private static List<String> jars(String program) throws IOException {
        try (Stream<Path> files = Files.list(Dist.home().resolve("lib").resolve(program))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .map(n -> n.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?(-[a-z0-9_-]+)?\\.jar$", ""))
                    .sorted().toList();
        }
    }

    @Test
    void theAgentCarriesOnlyJacksonCore() throws IOException {
        assertEquals(List.of("jackson-core", "logq-perfmon-agent"), jars("logq-perfmon"));
    }

    @Test
    void logqCarriesTheStoreModelButNeitherLuceneNorChronicle() throws IOException {
        assertEquals(List.of("jackson-core", "jfreechart", "logq-picocli", "logq-query-cli", "logq-store", "org.jfree.svg"), jars("logq"));
    }

    @Test
    void logqdCarriesTheStoreAndItsLibraries() throws IOException {
        List<String> jars = jars("logqd");
        assertTrue(jars.containsAll(List.of("logq-collector", "logq-store", "lucene-core", "chronicle-queue", "logq-perfmon-agent")),
                jars.toString());
    }

    /**
     * The Java runtime the distribution carries (runtime/, cut by jlink) holds every module that jdeps finds
     * the three programs' jars using: a module missing there would fail only when the code that needs it
     * runs, on a user's host. One module is left out on purpose: Lucene uses the incubating
     * jdk.incubator.vector only in a JVM started with --add-modules for it, which logqd is not.
     */
    @Test
    void theBundledRuntimeHoldsEveryModuleTheProgramsUse() throws IOException {
        Path release = Dist.home().resolve("runtime/release");
        String modules = Files.readAllLines(release).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow(() -> new AssertionError("no MODULES in " + release)).replaceAll("^MODULES=\"|\"$", "");
        List<String> bundled = List.of(modules.split(" "));
        for (String program : List.of("logqd", "logq", "logq-perfmon")) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                    "--multi-release", "25", "--ignore-missing-deps", "--print-module-deps", "-q"));
            try (Stream<Path> files = Files.list(Dist.home().resolve("lib").resolve(program))) {
                files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().forEach(command::add);
            }
            Run jdeps = Run.of(command);
            assertEquals(0, jdeps.exit(), jdeps::toString);
            List<String> used = Stream.of(jdeps.out().strip().split(",")).filter(m -> !m.equals("jdk.incubator.vector")).toList();
            assertTrue(bundled.containsAll(used), program + " uses " + used + ", the runtime holds " + bundled);
        }
    }
}
