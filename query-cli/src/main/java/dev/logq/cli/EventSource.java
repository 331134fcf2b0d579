package dev.logq.cli;

import dev.logq.cli.NodeFailure.NodeException;
import java.net.URI;

/** One node's answer: events in the order the query asked for, read one at a time. */
interface EventSource extends AutoCloseable {

    URI node();

    /**
     * The next event, or null once the node has sent all of them.
     *
     * @throws NodeException if the answer broke off or holds something that is not an event
     */
    EventLine next() throws NodeException;

    /** Stops reading; further events are not wanted. */
    @Override
    void close();
}
