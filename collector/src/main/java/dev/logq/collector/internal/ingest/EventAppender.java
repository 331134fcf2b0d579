package dev.logq.collector;

import dev.logq.store.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where every listener hands the events it decoded. The daemon implements it over the store's
 * journal; tests implement it over a list.
 */
@FunctionalInterface
public interface EventAppender {
    /**
     * Appends the batch in order. The future completes when every event of it is in the journal
     * (it may then be acknowledged to the sender) and fails if none of them could be appended.
     */
    CompletableFuture<?> append(List<Event> batch);
}
