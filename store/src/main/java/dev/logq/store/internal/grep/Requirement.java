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
        switch (this) {
            case Anything a -> {
                return true;
            }
            case Contains c -> {
                return folded.contains(c.folded());
            }
            case AllOf all -> {
                for (Requirement part : all.parts()) {  // loops, not streams: alert rules ask this of every event
                    if (!part.heldBy(folded)) {
                        return false;
                    }
                }
                return true;
            }
            case AnyOf any -> {
                for (Requirement part : any.parts()) {
                    if (part.heldBy(folded)) {
                        return true;
                    }
                }
                return false;
            }
        }
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
