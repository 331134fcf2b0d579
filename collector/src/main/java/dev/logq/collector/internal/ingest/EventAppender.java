package dev.logq.collector.internal.ingest;

import dev.logq.store.model.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

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

    /** Why an append failed: the error itself, or what a {@link CompletionException} wraps. */
    static Throwable cause(Throwable error) {
        return error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
    }

    /**
     * Whether an append was refused as busy (the journal writer has too much pending, or the disk is below
     * its floor): nothing of the batch was taken, and the same batch may be offered again later.
     */
    static boolean refusedAsBusy(Throwable error) {
        return cause(error) instanceof RejectedExecutionException;
    }
}
