package dev.logq.store.model;

import java.io.IOException;

/** Receives query results one at a time, in the query's order. */
@FunctionalInterface
public interface EventSink {
    /**
     * @return true to get the next event, false to stop the query early (a client went away, a
     *     limit elsewhere was reached)
     * @throws IOException when the consumer failed; the query stops and rethrows it
     */
    boolean accept(Event event) throws IOException;
}
