package dev.logq.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** The unpacked distribution under test (packaging/target/logq) and the tools the tests drive. */
final class Dist {

    private Dist() {}

    static Path home() {
        Path home = Path.of(System.getProperty("logq.dist", "target/logq")).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/logqd"))) {
            throw new IllegalStateException("no distribution at " + home + " (run: packaging/dev build)");
        }
        return home;
    }

    static Path bin(String program) {
        return home().resolve("bin").resolve(program);
    }

    /** loggen, unpacked from syslog-ng-core by packaging/dev (install_loggen). */
    static Path loggen() {
        return tool("LOGQ_LOGGEN", "loggen", Files::isExecutable, "loggen");
    }

    /** node_modules holding the official Elasticsearch client, installed from npm by packaging/dev. */
    static Path esClient() {
        return tool("LOGQ_ES_CLIENT", "es-client/node_modules",
                p -> Files.isRegularFile(p.resolve("@elastic/elasticsearch/package.json")), "the Elasticsearch client");
    }

    /** A tool packaging/dev installed: at $ENV if set, else under the tools directory; {@code present} says it is there. */
    private static Path tool(String env, String underTools, Predicate<Path> present, String name) {
        String set = System.getenv(env);
        Path path = set != null ? Path.of(set) : Path.of(System.getProperty("logq.tools", "target/tools"), underTools);
        if (!present.test(path)) {
            throw new IllegalStateException(name + " not found at " + path + " (run: packaging/dev deps)");
        }
        return path;
    }
}
