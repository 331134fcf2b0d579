package dev.logq.store.internal.search;

import dev.logq.store.internal.grep.Requirement;
import dev.logq.store.internal.index.EventDocument;
import dev.logq.store.internal.index.TrigramTokenStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link Requirement} into a Lucene query on the trigram field that every matching message's
 * document satisfies: {@code Contains} becomes its trigrams as MUST clauses, {@code AllOf} MUST and
 * {@code AnyOf} SHOULD over the parts, {@code Anything} no query at all. Documents of messages longer
 * than the trigrams cover are always let through.
 *
 * <p>Only soundness matters (no matching message may be excluded); precision only saves verification.
 * So a long literal contributes a spread-out subset of its trigrams, and a requirement that would need
 * more than {@value #MAX_TERMS} term clauses gives up and matches everything.
 */
final class Prefilter {

    static final int MAX_TERMS = 256;
    private static final int MAX_TERMS_PER_LITERAL = 16;

    private int terms;

    private Prefilter() {}

    /** The prefilter query, or null if the requirement constrains nothing usable. */
    static org.apache.lucene.search.Query of(Requirement requirement) {
        Prefilter builder = new Prefilter();
        org.apache.lucene.search.Query q = builder.build(requirement);
        if (q == null || builder.terms > MAX_TERMS) {
            return null;
        }
        return new BooleanQuery.Builder()
                .add(q, Occur.SHOULD)
                .add(new TermQuery(new Term(EventDocument.LONG, EventDocument.LONG_MARK)), Occur.SHOULD)
                .build();
    }

    private org.apache.lucene.search.Query build(Requirement r) {
        return switch (r) {
            case Requirement.Anything _ -> null;
            case Requirement.Contains c -> contains(c.folded());
            case Requirement.AllOf all -> combine(all.parts(), Occur.MUST);
            case Requirement.AnyOf any -> combine(any.parts(), Occur.SHOULD);
        };
    }

    private org.apache.lucene.search.Query combine(List<Requirement> parts, Occur occur) {
        List<org.apache.lucene.search.Query> queries = new ArrayList<>();
        for (Requirement part : parts) {
            org.apache.lucene.search.Query q = build(part);
            if (q == null && occur == Occur.SHOULD) {
                return null;  // one alternative unconstrained: the whole alternation is
            }
            if (q != null) {
                queries.add(q);
            }
        }
        if (queries.isEmpty()) {
            return null;
        }
        if (queries.size() == 1) {
            return queries.getFirst();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        queries.forEach(q -> b.add(q, occur));
        return b.build();
    }

    private org.apache.lucene.search.Query contains(String folded) {
        int[] cps = folded.codePoints().toArray();
        if (cps.length < 3) {
            return null;
        }
        Set<BytesRef> trigrams = new LinkedHashSet<>();
        // Non-overlapping trigrams cover the literal with a third of the clauses, and the last one
        // covers its end; beyond the cap the rest adds little selectivity.
        for (int i = 0; i + 3 <= cps.length && trigrams.size() < MAX_TERMS_PER_LITERAL; i += 3) {
            trigrams.add(trigram(cps, i));
        }
        trigrams.add(trigram(cps, cps.length - 3));
        terms += trigrams.size();
        if (trigrams.size() == 1) {
            return new TermQuery(new Term(EventDocument.TRIGRAMS, trigrams.iterator().next()));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (BytesRef t : trigrams) {
            b.add(new TermQuery(new Term(EventDocument.TRIGRAMS, t)), Occur.MUST);
        }
        return b.build();
    }

    private static BytesRef trigram(int[] cps, int at) {
        BytesRef term = new BytesRef(new byte[12]);
        TrigramTokenStream.term(cps[at], cps[at + 1], cps[at + 2], term);
        return term;
    }
}
