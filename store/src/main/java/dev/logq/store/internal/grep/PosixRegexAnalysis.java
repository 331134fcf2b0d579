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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Questions about and rewrites of parsed patterns that do not depend on the Java spelling. */
final class PosixRegexAnalysis {

    private PosixRegexAnalysis() {
    }

    /** The line filter GNU grep applies before its regex matcher: its DFA with what it cannot do relaxed. */
    static PosixRegexNode superset(PosixRegexNode node) {
        PosixRegexNode anyString = new Repeat(new AnyChar(), 0, Repeat.UNBOUNDED);
        return switch (node) {
            case BackReference b -> anyString;
            case AnyChar a -> anyString;
            case CharClass c -> c.dfaExact() ? c : anyString;
            case Anchor a -> a.isWordAnchor() ? new Empty() : a;
            case Group g -> superset(g.body());
            case Concat c -> new Concat(c.items().stream().map(PosixRegexAnalysis::superset).toList());
            case Alternation a -> new Alternation(a.branches().stream().map(PosixRegexAnalysis::superset).toList());
            case Repeat r -> new Repeat(superset(r.body()), r.min(), r.max());
            case Empty e -> e;
            case Literal l -> l;
        };
    }

    /** Whether GNU grep's DFA leaves the decision to glibc regex: back-references, word anchors, most classes. */
    static boolean needsRegexMatcher(PosixRegexNode node) {
        return switch (node) {
            case BackReference b -> true;
            case CharClass c -> !c.dfaExact();
            case Anchor a -> a.isWordAnchor();
            case Group g -> needsRegexMatcher(g.body());
            case Concat c -> c.items().stream().anyMatch(PosixRegexAnalysis::needsRegexMatcher);
            case Alternation a -> a.branches().stream().anyMatch(PosixRegexAnalysis::needsRegexMatcher);
            case Repeat r -> needsRegexMatcher(r.body());
            case Empty e -> false;
            case Literal l -> false;
            case AnyChar a -> false;
        };
    }

    /** Could the node match the empty string? (True for back-references, which may repeat an empty group.) */
    static boolean nullable(PosixRegexNode node) {
        return switch (node) {
            case Empty e -> true;
            case Anchor a -> true;
            case BackReference b -> true;
            case Literal l -> false;
            case AnyChar a -> false;
            case CharClass c -> false;
            case Group g -> nullable(g.body());
            case Concat c -> c.items().stream().allMatch(PosixRegexAnalysis::nullable);
            case Alternation a -> a.branches().stream().anyMatch(PosixRegexAnalysis::nullable);
            case Repeat r -> r.min() == 0 || nullable(r.body());
        };
    }

    /** Can the pattern match the empty string with every anchor failing? */
    static boolean emptyWithoutAnchors(PosixRegexNode pattern) {
        return emptyWithoutAnchors(pattern, groupBodies(pattern));
    }

    private static boolean emptyWithoutAnchors(PosixRegexNode node, Map<Integer, PosixRegexNode> groups) {
        return switch (node) {
            case Empty e -> true;
            case Anchor a -> false;
            case BackReference b -> emptyWithoutAnchors(groups.get(b.number()), groups);
            case Literal l -> false;
            case AnyChar a -> false;
            case CharClass c -> false;
            case Group g -> emptyWithoutAnchors(g.body(), groups);
            case Concat c -> c.items().stream().allMatch(n -> emptyWithoutAnchors(n, groups));
            case Alternation a -> a.branches().stream().anyMatch(n -> emptyWithoutAnchors(n, groups));
            case Repeat r -> r.min() == 0 || emptyWithoutAnchors(r.body(), groups);
        };
    }

    private static Map<Integer, PosixRegexNode> groupBodies(PosixRegexNode node) {
        Map<Integer, PosixRegexNode> found = new HashMap<>();
        collectGroups(node, found);
        return found;
    }

    private static void collectGroups(PosixRegexNode node, Map<Integer, PosixRegexNode> found) {
        switch (node) {
            case Group g -> {
                found.put(g.number(), g.body());
                collectGroups(g.body(), found);
            }
            case Concat c -> c.items().forEach(n -> collectGroups(n, found));
            case Alternation a -> a.branches().forEach(n -> collectGroups(n, found));
            case Repeat r -> collectGroups(r.body(), found);
            default -> { }
        }
    }

    static Set<Integer> referencedGroups(PosixRegexNode node) {
        Set<Integer> found = new TreeSet<>();
        collectReferences(node, found);
        return found;
    }

    private static void collectReferences(PosixRegexNode node, Set<Integer> found) {
        switch (node) {
            case BackReference b -> found.add(b.number());
            case Group g -> collectReferences(g.body(), found);
            case Concat c -> c.items().forEach(n -> collectReferences(n, found));
            case Alternation a -> a.branches().forEach(n -> collectReferences(n, found));
            case Repeat r -> collectReferences(r.body(), found);
            default -> { }
        }
    }

    /** Drops groups nobody refers to, flattens, removes empty repetitions and merges nested stars. */
    static PosixRegexNode simplify(PosixRegexNode node, Set<Integer> referenced, boolean ignoreCase) {
        return switch (node) {
            case Group g -> referenced.contains(g.number())
                    ? new Group(simplify(g.body(), referenced, ignoreCase), g.number())
                    : simplify(g.body(), referenced, ignoreCase);
            case Concat c -> {
                List<PosixRegexNode> items = new ArrayList<>();
                for (PosixRegexNode item : c.items()) {
                    PosixRegexNode s = simplify(item, referenced, ignoreCase);
                    if (s instanceof Concat inner) {
                        items.addAll(inner.items());
                    } else if (!(s instanceof Empty)) {
                        items.add(s);
                    }
                }
                yield items.isEmpty() ? new Empty() : items.size() == 1 ? items.getFirst() : new Concat(items);
            }
            case Alternation a -> {
                List<PosixRegexNode> branches = new ArrayList<>();
                for (PosixRegexNode branch : a.branches()) {
                    PosixRegexNode s = simplify(branch, referenced, ignoreCase);
                    if (s instanceof Alternation inner) {
                        branches.addAll(inner.branches());
                    } else {
                        branches.add(s);
                    }
                }
                yield singleCharacters(branches, ignoreCase);
            }
            case Repeat r -> repeat(simplify(r.body(), referenced, ignoreCase), r.min(), r.max());
            default -> node;
        };
    }

    /** (a|b|[0-9]) is one class: java.util.regex loops over a class without recursing once per character. */
    private static PosixRegexNode singleCharacters(List<PosixRegexNode> branches, boolean ignoreCase) {
        List<PosixRegexCharSet> sets = new ArrayList<>();
        for (PosixRegexNode branch : branches) {
            switch (branch) {
                case Literal l -> sets.add(PosixRegexCharSet.chars(
                        ignoreCase ? PosixRegexCase.literalVariants(l.codePoint()) : new int[] {l.codePoint()}));
                case CharClass c -> sets.add(c.set());
                default -> {
                    return new Alternation(branches);
                }
            }
        }
        return new CharClass(PosixRegexCharSet.union(sets), true);
    }

    private static PosixRegexNode repeat(PosixRegexNode body, int min, int max) {
        if (body instanceof Empty || (body instanceof Anchor && min == 0)) {
            return new Empty();  // anchors are idempotent: (^)* is empty, (^)+ is ^
        }
        if (body instanceof Anchor || (min == 1 && max == 1)) {
            return body;
        }
        if (body instanceof Repeat inner && inner.max() == Repeat.UNBOUNDED && inner.min() <= 1) {
            return new Repeat(inner.body(), inner.min() * min, Repeat.UNBOUNDED);  // (x*)*, (x+)*, (x+){2,3}
        }
        if (body instanceof Repeat inner && inner.min() == 0 && inner.max() == 1) {
            return new Repeat(inner.body(), 0, max);  // (x?){m,n} is x{0,n}
        }
        return new Repeat(body, min, max);
    }
}
