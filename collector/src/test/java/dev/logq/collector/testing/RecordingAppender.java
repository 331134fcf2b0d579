package dev.logq.collector.testing;

import dev.logq.collector.internal.ingest.EventAppender;
import dev.logq.store.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An appender over a list: records each batch and answers with the future the test chose. */
public final class RecordingAppender implements EventAppender {

    public enum Outcome { COMPLETE, FAIL, HOLD }

    public final List<List<Event>> batches = new ArrayList<>();
    public final List<CompletableFuture<Void>> held = new ArrayList<>();
    public Outcome outcome = Outcome.COMPLETE;
    /** How many more calls refuse their batch as the store does when too much is pending. */
    public int busyCalls;

    @Override
    public CompletableFuture<?> append(List<Event> batch) {
        if (busyCalls > 0) {
            busyCalls--;
            return CompletableFuture.failedFuture(new java.util.concurrent.RejectedExecutionException("journal writer is behind"));
        }
        batches.add(List.copyOf(batch));
        return switch (outcome) {
            case COMPLETE -> CompletableFuture.completedFuture(null);
            case FAIL -> CompletableFuture.failedFuture(new java.io.IOException("No space left on device"));
            case HOLD -> {
                CompletableFuture<Void> future = new CompletableFuture<>();
                held.add(future);
                yield future;
            }
        };
    }

    public List<Event> events() {
        return batches.stream().flatMap(List::stream).toList();
    }

    public List<String> messages() {
        return events().stream().map(Event::msg).toList();
    }
}
