package dev.logq.store.internal.grep;

import dev.logq.store.internal.grep.PosixRegexNode.Alternation;
import dev.logq.store.internal.grep.PosixRegexNode.Anchor;
import dev.logq.store.internal.grep.PosixRegexNode.AnyChar;
import dev.logq.store.internal.grep.PosixRegexNode.BackReference;
import dev.logq.store.internal.grep.PosixRegexNode.CharClass;
import dev.logq.store.internal.grep.PosixRegexNode.Concat;
import dev.logq.store.internal.grep.PosixRegexNode.Empty;
import dev.logq.store.internal.grep.PosixRegexNode.Group;
import dev.logq.store.internal.grep.PosixRegexNode.Literal;
import dev.logq.store.internal.grep.PosixRegexNode.Repeat;
import dev.logq.store.internal.grep.Requirement.AllOf;
import dev.logq.store.internal.grep.Requirement.AnyOf;
import dev.logq.store.internal.grep.Requirement.Anything;
import dev.logq.store.internal.grep.Requirement.Contains;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives from a parsed pattern the folded strings every match must contain, for the trigram prefilter (the
 * approach of Russ Cox's "Regular Expression Matching with a Trigram Index"). For each node it tracks either the
 * exact set of (folded) strings it can match, or sets of possible prefixes and suffixes plus a requirement on the
 * inside; concatenation multiplies small sets and also requires the strings that span the junction, alternation
 * unites them. A literal under {@code -i} is exact because every character grep accepts for it has the same
 * {@link TextFold}; small brackets ({@code [sS]}, {@code [._-]}) count as their few folded members.
 *
 * <p>Soundness: every string in a requirement is a substring of the folded text of any match, so of the folded
 * message. Strings shorter than a trigram are useless to the index and become {@link Anything}.
 */
final class PosixRegexLiterals {

    private static final int MAX_SET = 16;
    private static final int MAX_CLASS = 4;
    private static final int TRIGRAM = 3;
    private static final Set<String> UNKNOWN = Set.of("");

    /**
     * @param exact  all strings the node matches, or null if unknown or too many
     * @param prefix every match starts with one of these (when exact is null)
     * @param suffix every match ends with one of these (when exact is null)
     * @param match  what every match contains (when exact is null)
     */
    private record Info(Set<String> exact, Set<String> prefix, Set<String> suffix, Requirement match) {

        static Info exactly(Set<String> strings) {
            return new Info(strings, null, null, null);
        }

        static Info unknown() {
            return new Info(null, UNKNOWN, UNKNOWN, new Anything());
        }

        Set<String> prefixes() {
            return exact != null ? exact : prefix;
        }

        Set<String> suffixes() {
            return exact != null ? exact : suffix;
        }

        Requirement requirement() {
            return exact != null ? containsAny(exact) : match;
        }
    }

    private final boolean ignoreCase;

    private PosixRegexLiterals(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    /** A requirement every message holds that has a line matching one of the patterns. */
    static Requirement requirement(List<PosixRegexNode> patterns, boolean ignoreCase) {
        PosixRegexLiterals literals = new PosixRegexLiterals(ignoreCase);
        List<Requirement> any = new ArrayList<>();
        for (PosixRegexNode pattern : patterns) {
            Info info = literals.info(pattern);
            any.add(info.exact != null ? containsAny(info.exact)
                    : allOf(List.of(info.match, containsAny(info.prefix), containsAny(info.suffix))));
        }
        return anyOf(any);
    }

    private Info info(PosixRegexNode node) {
        return switch (node) {
            case Empty e -> Info.exactly(UNKNOWN);
            case Anchor a -> Info.exactly(UNKNOWN);
            case Literal l -> {
                Set<String> folded = new LinkedHashSet<>();
                for (int v : ignoreCase ? PosixRegexCase.literalVariants(l.codePoint()) : new int[] {l.codePoint()}) {
                    folded.add(Character.toString(TextFold.fold(v)));
                }
                yield Info.exactly(folded);
            }
            case CharClass c -> {
                int[] members = c.set().members();
                if (members == null || members.length > MAX_CLASS) {
                    yield Info.unknown();
                }
                Set<String> folded = new LinkedHashSet<>();
                for (int m : members) {
                    folded.add(Character.toString(TextFold.fold(m)));
                }
                yield Info.exactly(folded);
            }
            case AnyChar a -> Info.unknown();
            case BackReference b -> Info.unknown();
            case Group g -> info(g.body());
            case Concat c -> c.items().stream().map(this::info).reduce(PosixRegexLiterals::concat).orElseThrow();
            case Alternation a -> a.branches().stream().map(this::info).reduce(PosixRegexLiterals::alternate)
                    .orElseThrow();
            case Repeat r -> repeat(info(r.body()), r.min(), r.max());
        };
    }

    private static Info repeat(Info body, int min, int max) {
        if (max == 0) {
            return Info.exactly(UNKNOWN);
        }
        if (min == 0) {
            return max == 1 ? alternate(Info.exactly(UNKNOWN), body) : Info.unknown();
        }
        if (min == max && min <= 4) {
            Info result = body;
            for (int k = 1; k < min; k++) {
                result = concat(result, body);
            }
            return result;
        }
        // x{m,n} with m >= 1 starts and ends with a match of x and contains one
        return new Info(null, body.prefixes(), body.suffixes(), body.requirement());
    }

    private static Info concat(Info a, Info b) {
        if (a.exact != null && b.exact != null) {
            Set<String> product = product(a.exact, b.exact);
            if (product != null) {
                return Info.exactly(product);
            }
        }
        Set<String> across = product(a.suffixes(), b.prefixes());
        Requirement match = allOf(List.of(a.requirement(), b.requirement(),
                across == null ? new Anything() : containsAny(across)));
        Set<String> prefix = a.exact == null ? a.prefix : orElse(product(a.exact, b.prefixes()), a.exact);
        Set<String> suffix = b.exact == null ? b.suffix : orElse(product(a.suffixes(), b.exact), b.exact);
        return new Info(null, prefix, suffix, match);
    }

    private static Info alternate(Info a, Info b) {
        if (a.exact != null && b.exact != null) {
            Set<String> union = union(a.exact, b.exact);
            if (union != null) {
                return Info.exactly(union);
            }
        }
        return new Info(null, orElse(union(a.prefixes(), b.prefixes()), UNKNOWN),
                orElse(union(a.suffixes(), b.suffixes()), UNKNOWN), anyOf(List.of(a.requirement(), b.requirement())));
    }

    private static Set<String> product(Set<String> left, Set<String> right) {
        if ((long) left.size() * right.size() > MAX_SET) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String l : left) {
            for (String r : right) {
                out.add(l + r);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out.size() > MAX_SET ? null : out;
    }

    private static Set<String> orElse(Set<String> value, Set<String> fallback) {
        return value != null ? value : fallback;
    }

    /** Any of the strings; {@link Anything} if one of them is too short to index. */
    static Requirement containsAny(Set<String> strings) {
        List<Requirement> parts = new ArrayList<>();
        for (String s : strings) {
            if (s.codePointCount(0, s.length()) < TRIGRAM) {
                return new Anything();
            }
            parts.add(new Contains(s));
        }
        return anyOf(parts);
    }

    static Requirement allOf(List<Requirement> parts) {
        List<Requirement> flat = new ArrayList<>();
        for (Requirement part : parts) {
            for (Requirement r : part instanceof AllOf all ? all.parts() : List.of(part)) {
                if (!(r instanceof Anything) && !flat.contains(r)) {
                    flat.add(r);
                }
            }
        }
        // "abcd" already requires "bcd"
        flat.removeIf(r -> r instanceof Contains c && flat.stream().anyMatch(
                o -> o != r && o instanceof Contains d && d.folded().contains(c.folded()) && !d.equals(c)));
        return flat.isEmpty() ? new Anything() : flat.size() == 1 ? flat.getFirst() : new AllOf(flat);
    }

    static Requirement anyOf(List<Requirement> parts) {
        List<Requirement> flat = new ArrayList<>();
        for (Requirement part : parts) {
            for (Requirement r : part instanceof AnyOf any ? any.parts() : List.of(part)) {
                if (r instanceof Anything) {
                    return r;
                }
                if (!flat.contains(r)) {
                    flat.add(r);
                }
            }
        }
        if (flat.isEmpty()) {
            return new Anything();  // no alternatives: nothing can match, but "anything" is the safe answer
        }
        return flat.size() == 1 ? flat.getFirst() : new AnyOf(flat);
    }
}
