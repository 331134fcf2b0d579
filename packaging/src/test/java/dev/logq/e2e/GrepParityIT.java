package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code logq -o raw FLAGS -e PATTERN...} prints exactly the lines {@code grep FLAGS -e PATTERN...} prints
 * on the same lines as a file, in the same order: regex metacharacters, mixed case, Unicode, long lines,
 * whole lines ({@code -x}) and several patterns at once (a case's patterns are separated by LF, and each
 * is given with its own {@code -e}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GrepParityIT {

    static final String HOST = "parity-host";

    @TempDir
    static Path work;
    static LogqdProcess logqd;
    static LogqdProcess empty;  // a second node with nothing in it: logq then merges, and formats itself
    static Path corpus;
    static Instant base;

    static final List<String> LINES = corpusLines();

    static List<String> corpusLines() {
        List<String> lines = new ArrayList<>(List.of(
                "connection timeout after 30s to db1.example.com:5432",
                "Connection Timeout after 31s to DB2.example.com",
                "TIMEOUT waiting for lock (held by pid 4242)",
                "timeouts are configured in /etc/app.conf [section main]",
                "disk full on /var (98% used)",
                "disk  full on /var with two spaces",
                "price is $5.00 (approx.) ^caret *star +plus ?question {brace} |pipe| \\backslash",
                "a.b.c literal dots and a-b-c dashes",
                "axbxc no dots here",
                "user=alice action=login result=ok",
                "user=bob action=login result=FAIL reason=\"bad password\"",
                "User=Carol action=LOGOUT",
                "error: ERROR: Error: eRRoR",
                "word boundaries: foo foobar barfoo foo_bar foo-bar (foo) foo.",
                "tabs\tand\tmore\ttabs",
                "unicode: naïve café résumé Ünïcödé",
                "Greek: ΣΙΣΥΦΟΣ σίσυφος ς final sigma",
                "German: STRASSE straße Maß",
                "Turkish: İstanbul istanbul ISTANBUL ıi",
                "emoji: 🚀 launch 🚀🚀 done ✅",
                "long s: ſtop and kelvin: 5K or 5k",
                "numbers 0123456789 and hex 0xDEADbeef",
                "brackets ] [ ]] [[ and [a-z] literally",
                "backrefs: abcabc xyzxyz abcxyz",
                "ends with dollar$",
                "^starts with caret",
                "   leading spaces",
                "trailing spaces   ",
                "x",
                "mixed CamelCaseWord and snake_case_word and kebab-case-word",
                "ip 192.168.1.10 and 10.0.0.1 and 999.999.999.999",
                "path /usr/local/bin/logq --since 1h -H web1 'timeout'",
                "quote \" single ' backtick `",
                "email alice@example.com bob.smith+tag@mail.example.org"));
        lines.add("long line " + "abcdefghij".repeat(1200) + " needle at the end");
        lines.add("long line without it " + "0123456789".repeat(1500));
        for (int i = 0; i < 40; i++) {
            lines.add("filler event " + i + " status=" + (i % 3 == 0 ? "ok" : "degraded") + " latency=" + (i * 37 % 1000) + "ms");
        }
        return List.copyOf(lines);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String[] fixed = {"timeout", "Timeout", "disk full", "$5.00", "(approx.)", "[a-z]", "a.b.c", "\\backslash", "foo", "🚀", "café",
            "straße", "needle at the end", "status=ok", "x", "ſtop", "σίσυφος", "İstanbul", "", " "};
        String[] basic = {"time.ut", "^connection", "spaces   $", "fo\\+", "a\\.b\\.c", "\\(abc\\)\\1", "[[:upper:]]\\{4,\\}", "foo\\|bar",
            "[]x]", "[^[:alnum:] ]", "\\<foo\\>", "*star", "user=[a-z]*", "latency=[0-9]\\{3\\}ms", "^$", ".", "\\bfoo\\b", "ab*c", "[.]"};
        String[] extended = {"time(out|d)", "^(Connection|connection) [Tt]imeout", "[0-9]{1,3}(\\.[0-9]{1,3}){3}", "foo|barfoo", "(abc|xyz)\\1",
            "status=(ok|degraded) latency=[0-9]+ms", "0x[[:xdigit:]]+", "\\$[0-9]+\\.[0-9]{2}", "^[^ ]+$", "[[:space:]]{2,}", "🚀+",
            "(a|b)+c", "needle|\\bERROR\\b", "[ΣΙΥΦΟ]{5}", "\\w+@\\w+\\.(com|org)", "a{,2}b", "x?y?z?"};
        List<String> flags = List.of("", "-i", "-w", "-v", "-iw", "-iv", "-x", "-ix");
        for (String p : fixed) {
            addAll(cases, "-F", p, flags);
        }
        for (String p : basic) {
            addAll(cases, "-G", p, flags);
        }
        for (String p : extended) {
            addAll(cases, "-E", p, flags);
        }
        List<String> several = List.of("", "-i", "-w", "-v", "-x", "-wx", "-vx");
        addAll(cases, "-F", "timeout\ndisk full", several);
        addAll(cases, "-F", "café\n🚀\nx", several);
        addAll(cases, "-F", "x\n", several);
        addAll(cases, "-G", "^connection\n[0-9]\\{4\\}", several);
        addAll(cases, "-G", "foo\\|bar\n\\(abc\\)\\1", several);
        addAll(cases, "-E", "time(out|d)\n^[^ ]+$", several);
        addAll(cases, "-E", "(abc|xyz)\\1\nstatus=ok latency=[0-9]+ms", several);
        return cases.stream();
    }

    private static void addAll(List<Arguments> cases, String mode, String pattern, List<String> flags) {
        for (String f : flags) {
            cases.add(Arguments.of(mode, f, pattern));
        }
    }

    /** {@code -e P} for each of the case's patterns. */
    private static List<String> dashE(String patterns) {
        List<String> args = new ArrayList<>();
        for (String p : patterns.split("\n", -1)) {
            args.addAll(List.of("-e", p));
        }
        return args;
    }

    @BeforeAll
    static void ingestCorpus() throws IOException {
        logqd = LogqdProcess.start(work, "parity1");
        empty = LogqdProcess.start(work, "parity-empty");
        corpus = Files.write(work.resolve("corpus.txt"), LINES, StandardCharsets.UTF_8);
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        try (Socket socket = new Socket("127.0.0.1", logqd.syslogPort); OutputStream out = socket.getOutputStream()) {
            for (int i = 0; i < LINES.size(); i++) {
                // RFC 5424, timestamps one millisecond apart so time order is file order. Two SPs before
                // MSG, as an rsyslog relay writes them: logqd drops that second SP by design (see Rfc5424),
                // so lines that start with spaces arrive with every one of them.
                String message = "<14>1 " + base.plusMillis(i) + " " + HOST + " corpus - - -  " + LINES.get(i);
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            }
        }
        Run all = Logq.until(logqd, r -> r.lines().size() == LINES.size(), Duration.ofSeconds(20), "-H", HOST, "--since", base.minusSeconds(60).toString(), "-o", "raw");
        assertEquals(LINES, all.lines(), "the corpus is stored verbatim\n" + logqd.logTail());
    }

    @AfterAll
    static void stop() {
        logqd.close();
        empty.close();
    }

    @ParameterizedTest(name = "{0} {1} ''{2}''")
    @MethodSource("cases")
    void logqSelectsExactlyTheLinesGrepSelects(String mode, String flags, String pattern) {
        List<String> grepCommand = new ArrayList<>(List.of("grep", mode));
        if (!flags.isEmpty()) {
            grepCommand.add(flags);
        }
        grepCommand.addAll(dashE(pattern));
        grepCommand.add(corpus.toString());
        Run grep = Run.of(grepCommand, Map.of("LC_ALL", "C.UTF-8"), null);

        List<String> logqArgs = new ArrayList<>(List.of("-H", HOST, "--since", base.minusSeconds(60).toString(), "-o", "raw", mode));
        if (!flags.isEmpty()) {
            logqArgs.add(flags);
        }
        logqArgs.addAll(dashE(pattern));
        Run logq = Logq.run(logqd, logqArgs.toArray(String[]::new));

        assertEquals(grep.exit(), logq.exit(), () -> "exit status differs\ngrep: " + grep + "\nlogq: " + logq);
        assertEquals(grep.lines(), logq.lines(), () -> "grep " + grepCommand + "\n" + logq.err());
    }

    /** grep's context (-A, -B, -C) on the corpus, one host+app stream: the same lines and "--" separators. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("contextCases")
    void contextIsWhatGrepPrints(List<String> context, List<String> query) {
        List<String> grepCommand = new ArrayList<>(List.of("grep"));
        grepCommand.addAll(context);
        grepCommand.addAll(query);
        grepCommand.add(corpus.toString());
        Run grep = Run.of(grepCommand, Map.of("LC_ALL", "C.UTF-8"), null);
        List<String> logqArgs = new ArrayList<>(List.of("-H", HOST, "-a", "corpus", "--since", base.minusSeconds(60).toString(), "-o", "raw"));
        logqArgs.addAll(context);
        logqArgs.addAll(query);
        Run logq = Logq.run(List.of(logqd.url(), empty.url()), logqArgs.toArray(String[]::new));
        assertEquals(grep.exit(), logq.exit(), () -> "exit status differs\ngrep: " + grep + "\nlogq: " + logq);
        assertEquals(grep.lines(), logq.lines(), () -> "grep " + grepCommand + "\n" + logq.err());
    }

    static Stream<Arguments> contextCases() {
        List<List<String>> contexts = List.of(List.of("-A", "2"), List.of("-B", "3"), List.of("-C", "1"), List.of("-A", "1", "-B", "4"));
        List<List<String>> queries = List.of(List.of("-F", "-e", "e"), List.of("-i", "-e", "timeout"), List.of("-w", "-i", "-e", "the"),
                List.of("-v", "-i", "-e", "e"), List.of("-E", "-e", "^[A-Z]"), List.of("-F", "-e", "no such text anywhere"));
        return contexts.stream().flatMap(c -> queries.stream().map(q -> Arguments.of(c, q)));
    }

    /**
     * Asking one node, logq copies what the node writes in the output format; asking several, it reads
     * JSON and writes the format itself. The two must agree byte for byte, for every {@code -o}; and the
     * API's {@code format=raw} is the corpus.
     */
    @ParameterizedTest(name = "-o {0} {1}")
    @MethodSource("formatCases")
    void everyOutputFormatIsTheSameWhetherTheNodeOrLogqWritesIt(String format, List<String> query) throws IOException {
        List<String> args = new ArrayList<>(List.of("-H", HOST, "--since", base.minusSeconds(60).toString(), "-o", format));
        args.addAll(query);
        Run byNode = Logq.run(List.of(logqd.url()), args.toArray(String[]::new));
        Run byLogq = Logq.run(List.of(logqd.url(), empty.url()), args.toArray(String[]::new));
        assertEquals(0, byNode.exit(), () -> byNode + "\n" + byLogq);
        assertEquals(byLogq.out(), byNode.out());
        assertEquals(byLogq.err(), byNode.err());
    }

    static Stream<Arguments> formatCases() {
        List<List<String>> queries = List.of(List.of(), List.of("-i", "timeout"), List.of("-v", "-i", "-E", "e|x"), List.of("--utc", "-F", "é"));
        return Stream.of("raw", "short", "json").flatMap(f -> queries.stream().map(q -> Arguments.of(f, q)));
    }

    @Test
    void theApiWritesRawLinesAsGrepWouldPrintThem() throws IOException {
        var answer = logqd.get("/api/v1/search?order=oldest&format=raw&host=" + HOST + "&since=" + base.minusSeconds(60));
        assertEquals(200, answer.statusCode());
        assertEquals("text/plain; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.join("\n", LINES) + "\n", answer.body());
    }
}
