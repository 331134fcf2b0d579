package dev.logq.store.internal.grep;

import java.util.List;
import java.util.Objects;

/**
 * What a matching message must contain, for the trigram prefilter: a condition on {@link TextFold#fold(CharSequence)}
 * of the message. {@link GrepMatcher#requirement()} only returns conditions that every matching message satisfies;
 * they may be weak ({@link Anything} is always true).
 */
public sealed interface Requirement {

    /** Whether {@code folded} ({@link TextFold#fold(CharSequence)} of a message) satisfies it. */
    default boolean heldBy(String folded) {
        return switch (this) {
            case Anything a -> true;
            case Contains c -> folded.contains(c.folded());
            case AllOf all -> all.parts().stream().allMatch(p -> p.heldBy(folded));
            case AnyOf any -> any.parts().stream().anyMatch(p -> p.heldBy(folded));
        };
    }

    /** No constraint usable. */
    record Anything() implements Requirement {
    }

    /** {@code TextFold.fold(msg)} contains this (already folded) string. */
    record Contains(String folded) implements Requirement {
        public Contains {
            Objects.requireNonNull(folded, "folded");
        }
    }

    /** Every part holds. */
    record AllOf(List<Requirement> parts) implements Requirement {
        public AllOf {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part holds. */
    record AnyOf(List<Requirement> parts) implements Requirement {
        public AnyOf {
            parts = List.copyOf(parts);
        }
    }
}
