package dev.logq.collector.internal.alert;

import dev.logq.collector.internal.alert.Rule.GroupBy;
import dev.logq.perfmon.Perfmon;
import dev.logq.store.Store;
import dev.logq.store.model.HostSamples;
import dev.logq.store.model.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the rule files: every {@code *.conf} in the rules directory ({@code /etc/logq/alerts.d}), in
 * name order. One format, INI-like: {@code # comments}, a {@code [NAME]} line per rule, then its
 * {@code key = value} lines; the one section named {@code [mail]} holds the mail settings
 * ({@link MailSettings}) instead.
 *
 * <pre>
 * [ssh-root-login]                         the rule's name: letters, digits, '.', '_', '-'
 * query = -F -a sshd 'Accepted password for root'   what logq would be given to find the events (default: all)
 * when = any                               the condition ({@link Condition}); required
 * by = host                                group by host or app: each fires and clears on its own
 *                                          (default: none for any and count, host for absent and thresholds)
 * repeat = 1h                              a reminder while it keeps firing; off for none (default 1h)
 * resolved = yes                           a message when it clears (default yes)
 * retries = 5                              attempts after a failed first one, 1 s apart and doubling (default 5)
 * notify = mail ops@example.com            one or more notifiers ({@link Notifier})
 * </pre>
 *
 * A rule that does not read is refused with one line naming the file, the line and the reason, and the
 * others load as usual; so does a second rule of the same name.
 */
final class RuleFiles {

    private static final Set<String> KEYS = Set.of("query", "when", "by", "repeat", "resolved", "retries", "notify");
    private static final String MAIL = "mail";
    private static final int MAX_RETRIES = 20;

    /** What the files hold: the rules that read, the mail settings, and a line per refused rule. */
    record Loaded(List<Rule> rules, MailSettings mail, List<String> refused) {}

    private RuleFiles() {}

    /** Reads the directory; a missing one holds no rules. */
    static Loaded read(Path dir, String hostname) throws IOException {
        Set<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "*.conf")) {
            list.forEach(files::add);
        } catch (NoSuchFileException missing) {
            return new Loaded(List.of(), MailSettings.defaults(hostname), List.of());
        }
        Parser parser = new Parser(MailSettings.defaults(hostname));
        for (Path file : files) {
            parser.file(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return parser.loaded();
    }

    /** Reads one file's lines, for tests and {@link #read}. */
    static Loaded parse(String file, List<String> lines, String hostname) {
        Parser parser = new Parser(MailSettings.defaults(hostname));
        parser.file(file, lines);
        return parser.loaded();
    }

    /** The state of reading: the rules so far, the mail settings and the refusals. */
    private static final class Parser {
        private final List<Rule> rules = new ArrayList<>();
        private final List<String> refused = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private MailSettings mail;

        Parser(MailSettings mail) {
            this.mail = mail;
        }

        void file(String file, List<String> lines) {
            Section section = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                int number = i + 1;
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    finish(section);
                    section = new Section(file, number, line);
                    continue;
                }
                if (section == null) {
                    refused.add(file + ":" + number + ": '" + line + "' comes before any [NAME] line");
                    continue;
                }
                section.add(number, line);
            }
            finish(section);
        }

        private void finish(Section s) {
            if (s == null) {
                return;
            }
            if (s.error != null) {
                refused.add(s.error);
                return;
            }
            if (s.name.equals(MAIL)) {
                try {
                    MailSettings m = mail;
                    for (int i = 0; i < s.values.size(); i++) {
                        s.current = s.lines.get(i);
                        m = m.with(s.values.get(i)[0], s.values.get(i)[1]);
                    }
                    mail = m;
                } catch (IllegalArgumentException e) {
                    refused.add(s.file + ":" + s.lineNow() + ": " + e.getMessage());
                }
                return;
            }
            if (!names.add(s.name)) {
                refused.add(s.file + ":" + s.line + ": rule " + s.name + " is defined a second time; this one is refused");
                return;
            }
            try {
                rules.add(s.rule());
            } catch (IllegalArgumentException e) {
                names.remove(s.name);
                refused.add(s.file + ":" + s.lineNow() + ": rule " + s.name + " refused: " + e.getMessage());
            }
        }

        Loaded loaded() {
            return new Loaded(List.copyOf(rules), mail, List.copyOf(refused));
        }
    }

    /** One {@code [NAME]} section: its lines as read. */
    private static final class Section {
        final String file;
        final int line;
        final String name;
        final List<String[]> values = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        final StringBuilder definition = new StringBuilder();
        String error;
        int current;

        Section(String file, int line, String header) {
            this.file = file;
            this.line = line;
            String name = header.endsWith("]") ? header.substring(1, header.length() - 1).strip() : null;
            this.name = name == null ? "" : name;
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                error = file + ":" + line + ": '" + header + "' is not a [NAME] line (letters, digits, '.', '_', '-')";
            }
        }

        void add(int number, String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                if (error == null) {
                    error = file + ":" + number + ": '" + text + "' is not KEY = VALUE";
                }
                return;
            }
            String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = text.substring(eq + 1).strip();
            values.add(new String[] {key, value});
            lines.add(number);
            definition.append(key).append('=').append(value).append('\n');
        }

        /** The line a reading error is about: the key's being read, else the header's. */
        int lineNow() {
            return current > 0 ? current : line;
        }

        Rule rule() {
            String query = null;
            String when = null;
            String by = null;
            String repeat = null;
            String resolved = null;
            String retries = null;
            List<Notifier> notifiers = new ArrayList<>();
            Set<String> given = new HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                String key = values.get(i)[0];
                String value = values.get(i)[1];
                current = lines.get(i);
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("no key '" + key + "' in a rule (" + String.join(", ", new TreeSet<>(KEYS)) + ")");
                }
                if (!key.equals("notify") && !given.add(key)) {
                    throw new IllegalArgumentException(key + " is given twice");
                }
                switch (key) {
                    case "query" -> query = value;
                    case "when" -> when = value;
                    case "by" -> by = value;
                    case "repeat" -> repeat = value;
                    case "resolved" -> resolved = value;
                    case "retries" -> retries = value;
                    default -> notifiers.add(Notifier.parse(value));
                }
            }
            current = 0;
            if (when == null) {
                throw new IllegalArgumentException("it has no 'when' (e.g. when = any, when = count > 10 within 5m)");
            }
            if (notifiers.isEmpty()) {
                throw new IllegalArgumentException("it has no 'notify' (e.g. notify = mail ops@example.com)");
            }
            current = lineOfKey("when");
            Condition condition = Condition.parse(when);
            if (condition instanceof Condition.Threshold t) {
                String section = t.field().split("\\.", 2)[0];
                if (!Perfmon.sections().contains(section) || !t.field().contains(".")) {
                    throw new IllegalArgumentException("unknown field " + t.field() + ": host statistics are under "
                            + String.join(", ", Perfmon.sections()) + " (see logq stats --list)");
                }
            }
            current = lineOfKey("query");
            RuleQuery q = RuleQuery.parse(query == null ? "" : query,
                    condition instanceof Condition.Threshold ? HostSamples.APPS : Set.of());
            var matcher = Store.matcher(q.query());
            current = lineOfKey("by");
            GroupBy groupBy = by == null ? defaultBy(condition) : switch (by.toLowerCase(Locale.ROOT)) {
                case "host" -> GroupBy.HOST;
                case "app" -> GroupBy.APP;
                case "none" -> GroupBy.NONE;
                default -> throw new IllegalArgumentException("by '" + by + "' is not host, app or none");
            };
            if (condition instanceof Condition.Threshold && groupBy != GroupBy.HOST) {
                throw new IllegalArgumentException("a threshold on host statistics is per host: leave 'by' out");
            }
            if (condition instanceof Condition.Absent && groupBy == GroupBy.NONE) {
                throw new IllegalArgumentException("absent is per host or per app: by = host or by = app");
            }
            current = lineOfKey("repeat");
            Duration every = repeat == null ? Rule.DEFAULT_REPEAT : repeat.equalsIgnoreCase("off") ? null : Units.duration(repeat);
            if (every != null && every.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("repeat " + repeat + " is less than 1m");
            }
            current = lineOfKey("resolved");
            boolean sendResolved = resolved == null || yes(resolved);
            current = lineOfKey("retries");
            int tries = retries == null ? Rule.DEFAULT_RETRIES : count(retries);
            current = 0;
            return new Rule(name, file + ":" + line, q, matcher, condition, groupBy, every, sendResolved, notifiers, tries,
                    definition.toString());
        }

        private int lineOfKey(String key) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i)[0].equals(key)) {
                    return lines.get(i);
                }
            }
            return 0;
        }
    }

    private static GroupBy defaultBy(Condition c) {
        return c instanceof Condition.Absent || c instanceof Condition.Threshold ? GroupBy.HOST : GroupBy.NONE;
    }

    private static boolean yes(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not yes or no");
        };
    }

    private static int count(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_RETRIES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("retries '" + value + "' is not a number from 0 to " + MAX_RETRIES);
    }
}
