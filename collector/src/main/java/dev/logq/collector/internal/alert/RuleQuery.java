package dev.logq.collector.internal.alert;

import dev.logq.store.model.FieldFilter;
import dev.logq.store.model.Query;
import dev.logq.store.model.Query.PatternMode;
import dev.logq.store.model.Severities;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's {@code query}: the words one types after {@code logq} to select events, read into the
 * {@link Query} a search would make of them. The selecting options are logq's: {@code -F -G -E -i -v
 * -w -x}, {@code -e PATTERN}, {@code -H HOST}, {@code -a APP}, {@code -p LEVEL}, {@code --field F}
 * (short flags may be joined, {@code -Fi}; long ones take {@code =VALUE}), then at most one PATTERN.
 * Options about output or time ({@code -n}, {@code --since}) have no place in a rule and are refused.
 *
 * @param words the words as written, to put back into the {@code logq} command a notification shows
 * @param hosts the hosts {@code -H} names, which an {@code absent} rule expects to hear from
 */
record RuleQuery(Query query, List<String> words, Set<String> hosts) {

    /** @throws IllegalArgumentException naming the word that is wrong */
    static RuleQuery parse(String text) {
        return parse(text, Set.of());
    }

    /**
     * @param defaultApps the apps selected when the words name none (a threshold reads host samples)
     * @throws IllegalArgumentException naming the word that is wrong
     */
    static RuleQuery parse(String text, Set<String> defaultApps) {
        List<String> words = Words.split(text);
        PatternMode mode = PatternMode.BASIC;
        boolean ignoreCase = false;
        boolean invert = false;
        boolean word = false;
        boolean line = false;
        List<String> patterns = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> apps = new LinkedHashSet<>();
        Severities severities = null;
        List<FieldFilter> fields = new ArrayList<>();
        String positional = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                int eq = w.indexOf('=');
                String name = eq < 0 ? w : w.substring(0, eq);
                switch (name) {
                    case "--fixed-strings" -> mode = PatternMode.FIXED;
                    case "--basic-regexp" -> mode = PatternMode.BASIC;
                    case "--extended-regexp" -> mode = PatternMode.EXTENDED;
                    case "--ignore-case" -> ignoreCase = true;
                    case "--invert-match" -> invert = true;
                    case "--word-regexp" -> word = true;
                    case "--line-regexp" -> line = true;
                    case "--regexp", "--host", "--app", "--priority", "--field" -> {
                        String value = eq >= 0 ? w.substring(eq + 1) : value(words, ++i, name);
                        switch (name) {
                            case "--regexp" -> patterns.add(value);
                            case "--host" -> hosts.add(value);
                            case "--app" -> apps.add(value);
                            case "--priority" -> severities = Severities.parse(value);
                            default -> fields.add(FieldFilter.parse(value));
                        }
                    }
                    default -> throw unknown(w);
                }
                continue;
            }
            if (w.startsWith("-") && w.length() > 1) {
                for (int c = 1; c < w.length(); c++) {
                    char flag = w.charAt(c);
                    switch (flag) {
                        case 'F' -> mode = PatternMode.FIXED;
                        case 'G' -> mode = PatternMode.BASIC;
                        case 'E' -> mode = PatternMode.EXTENDED;
                        case 'i' -> ignoreCase = true;
                        case 'v' -> invert = true;
                        case 'w' -> word = true;
                        case 'x' -> line = true;
                        case 'e', 'H', 'a', 'p' -> {
                            String value = c + 1 < w.length() ? w.substring(c + 1) : value(words, ++i, "-" + flag);
                            switch (flag) {
                                case 'e' -> patterns.add(value);
                                case 'H' -> hosts.add(value);
                                case 'a' -> apps.add(value);
                                default -> severities = Severities.parse(value);
                            }
                            c = w.length();
                        }
                        default -> throw unknown("-" + flag);
                    }
                }
                continue;
            }
            if (positional != null || !patterns.isEmpty()) {
                throw new IllegalArgumentException("'" + w + "' is a second pattern (give several with -e PATTERN each)");
            }
            positional = w;
        }
        if (positional != null) {
            patterns.add(positional);
        }
        if (apps.isEmpty()) {
            apps.addAll(defaultApps);
        }
        String pattern = patterns.isEmpty() ? null : String.join("\n", patterns);
        Query query = new Query(pattern, mode, ignoreCase, invert, word, line, null, null, hosts, apps, severities, 0,
                Query.Order.OLDEST_FIRST, true, fields);
        return new RuleQuery(query, List.copyOf(words), Set.copyOf(hosts));
    }

    private static String value(List<String> words, int i, String option) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return words.get(i);
    }

    private static IllegalArgumentException unknown(String option) {
        return new IllegalArgumentException("a query takes " + option + " nowhere (a rule selects with -F -G -E -i -v -w -x -e -H -a -p "
                + "--field and a pattern; time and output options have no place in it)");
    }

    /** The words back as one shell-quoted string. */
    String text() {
        return String.join(" ", words.stream().map(Words::quote).toList());
    }

    /**
     * The words, shell-quoted, without the ones that give {@code option}'s short or long form ({@code -H
     * web1}, {@code --host=web1}): for a command line that names one host or app of its own instead.
     */
    String textWithout(char option, String longOption) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-" + option) || w.equals(longOption)) {
                i++;
            } else if (!(w.startsWith(longOption + "=") || (w.length() > 2 && w.charAt(0) == '-' && w.charAt(1) == option))) {
                kept.add(Words.quote(w));
            }
        }
        return String.join(" ", kept);
    }
}
