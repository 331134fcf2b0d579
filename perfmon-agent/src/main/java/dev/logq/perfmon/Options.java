package dev.logq.perfmon;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The command line, read as jsonperfmon reads its own (so a unit file that runs jsonperfmon works with
 * the program's name changed), plus long options of logq's own. Built by {@link #parse}, then frozen.
 *
 * <p>jsonperfmon's part is getopt's {@code A:t:u:m:s:n:i:p:rR}: a group flag takes a number n, attached
 * ({@code -t1}) or as the next argument ({@code -t 1}), flags can be bundled ({@code -Rt1}). n = 0 turns the
 * group off; otherwise the group is sampled every 2^(|n|-1) seconds, inside the one main object of a tick
 * when n is positive, as an object of its own when negative. {@code -A n} sets every group its own flag
 * does not set, whatever the order; of several flags for one group the first counts, of several
 * {@code -A} the last. jsonperfmon reads n with atoi, so {@code -t x} meant "off"; here it is an error.
 *
 * @param periods   each group that is on, with its signed n (never 0)
 * @param blankLine {@code -R}: an empty line after each object
 * @param confirm   {@code -r}: rsyslog improg's dialogue on standard input
 * @param target    {@code --to}, as given (see {@link Target})
 * @param count     {@code --count}: ticks to print before exiting; {@link Long#MAX_VALUE} for no end
 * @param root      {@code --root}: the directory holding proc/, sys/ and etc/
 * @param help      {@code -h} or {@code --help}
 * @param version   {@code --version}
 */
record Options(
        Map<Group, Integer> periods, boolean blankLine, boolean confirm, String target, long count, Path root,
        boolean help, boolean version) {

    /** The largest |n|: 2^31 seconds, jsonperfmon's limit too. */
    static final int MAX_N = 32;

    Options {
        Map<Group, Integer> copy = new EnumMap<>(Group.class);
        copy.putAll(periods);
        periods = Collections.unmodifiableMap(copy);
    }

    /** A command line that cannot be run: the message names the argument and what is allowed. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether no group is on: jsonperfmon then prints its usage and exits 0. */
    boolean nothingToSample() {
        return periods.isEmpty();
    }

    /** The seconds between two samples of a group that is on: 2^(|n|-1). */
    long periodSeconds(Group group) {
        return 1L << (Math.abs(periods.get(group)) - 1);
    }

    /** Whether a group that is on prints an object of its own (n negative) rather than joining the main one. */
    boolean ownObject(Group group) {
        return periods.get(group) < 0;
    }

    static Options parse(String... args) throws UsageException {
        Map<Group, Integer> byFlag = new EnumMap<>(Group.class);
        Integer all = null;
        boolean blankLine = false;
        boolean confirm = false;
        String target = "stdout";
        long count = Long.MAX_VALUE;
        Path root = Path.of("/");
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                if (name.equals("--help")) {
                    help = true;
                    continue;
                } else if (name.equals("--version")) {
                    version = true;
                    continue;
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(name + " needs a value");
                }
                switch (name) {
                    case "--to" -> target = value;
                    case "--count" -> count = count(value);
                    case "--root" -> root = Path.of(value);
                    default -> throw new UsageException("unknown option " + name);
                }
                continue;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                throw new UsageException("unexpected argument '" + arg + "': jsonperfmon's flags take the form -t 1");
            }
            for (int at = 1; at < arg.length(); at++) {
                char flag = arg.charAt(at);
                if (flag == 'R') {
                    blankLine = true;
                } else if (flag == 'r') {
                    confirm = true;
                } else if (flag == 'h') {
                    help = true;
                } else if (flag == 'A' || Group.ofFlag(flag) != null) {
                    String value;
                    if (at + 1 < arg.length()) {
                        value = arg.substring(at + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("-" + flag + " needs a number n (0 off, else every 2^(|n|-1) s)");
                    }
                    int n = period(flag, value);
                    if (flag == 'A') {
                        all = n;
                    } else {
                        byFlag.putIfAbsent(Group.ofFlag(flag), n);
                    }
                    break;
                } else {
                    throw new UsageException("unknown option -" + flag);
                }
            }
        }
        Map<Group, Integer> periods = new EnumMap<>(Group.class);
        for (Group group : Group.values()) {
            Integer n = byFlag.containsKey(group) ? byFlag.get(group) : all;
            if (n != null && n != 0) {
                periods.put(group, n);
            }
        }
        return new Options(periods, blankLine, confirm, target, count, root, help, version);
    }

    private static int period(char flag, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= -MAX_N && n <= MAX_N) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new UsageException("-" + flag + " " + value + " is not a period: n from -" + MAX_N + " to " + MAX_N
                    + ", 0 off, else every 2^(|n|-1) seconds (1 = 1 s, 2 = 2 s, 3 = 4 s), negative for an object of its own");
    }

    private static long count(String value) throws UsageException {
        try {
            long count = Long.parseLong(value);
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new UsageException("--count " + value + " must be a whole number of at least 1 (leave it out to run until stopped)");
    }
}
