package dev.logq.collector.internal.http;

/** A request that streams its answer from a thread of its own, waiting while the channel is not writable. */
interface StreamingTask {

    /** Called from the event loop when the channel becomes writable again. */
    void writable();
}
