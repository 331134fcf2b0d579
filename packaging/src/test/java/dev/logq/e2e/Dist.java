package dev.logq.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

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
        String env = System.getenv("LOGQ_LOGGEN");
        Path path = env != null ? Path.of(env) : Path.of(System.getProperty("logq.tools", "target/tools"), "loggen");
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("loggen not found at " + path + " (run: packaging/dev deps)");
        }
        return path;
    }

    /** node_modules holding the official Elasticsearch client, installed from npm by packaging/dev. */
    static Path esClient() {
        String env = System.getenv("LOGQ_ES_CLIENT");
        Path path = env != null ? Path.of(env) : Path.of(System.getProperty("logq.tools", "target/tools"), "es-client/node_modules");
        if (!Files.isRegularFile(path.resolve("@elastic/elasticsearch/package.json"))) {
            throw new IllegalStateException("the Elasticsearch client is not at " + path + " (run: packaging/dev deps)");
        }
        return path;
    }
}
