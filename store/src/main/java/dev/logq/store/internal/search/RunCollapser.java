package dev.logq.store.internal.search;

import dev.logq.store.internal.index.TimeKey;
import dev.logq.store.model.Copies;
import dev.logq.store.model.Event;
import dev.logq.store.model.EventSink;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collapses copies ({@link Copies}) in a time-ordered stream: holds the events of one timestamp and
 * passes on those to show when the timestamp changes or at {@link #flush}. Memory is one timestamp's
 * events, at most {@value #MAX_RUN}; a timestamp with more is collapsed in parts of that size (its
 * copies may then show more than once) and logged.
 */
final class RunCollapser implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(RunCollapser.class);
    static final int MAX_RUN = 100_000;

    /** What makes two events copies. */
    private record Content(Instant ts, String host, String app, String procid, String msg) {
        static Content of(Event e) {
            return new Content(e.ts(), e.host(), e.app(), e.procid(), e.msg());
        }
    }

    private final EventSink out;
    private final List<Event> run = new ArrayList<>();
    private long runKey;
    private boolean warned;

    RunCollapser(EventSink out) {
        this.out = out;
    }

    @Override
    public boolean accept(Event e) throws IOException {
        long key = TimeKey.of(e.ts());
        if (!run.isEmpty() && key != runKey) {
            if (!flush()) {
                return false;
            }
        } else if (run.size() >= MAX_RUN) {
            if (!warned) {
                warned = true;
                LOG.warn("more than {} events at {}: copies of one sending there are collapsed in parts and may show more than once",
                        MAX_RUN, e.ts());
            }
            if (!flush()) {
                return false;
            }
        }
        runKey = key;
        run.add(e);
        return true;
    }

    /** Passes on what the held timestamp shows; false if the sink wants no more. */
    boolean flush() throws IOException {
        try {
            for (Event e : Copies.collapse(run, Content::of, Event::origin)) {
                if (!out.accept(e)) {
                    return false;
                }
            }
            return true;
        } finally {
            run.clear();
        }
    }
}
