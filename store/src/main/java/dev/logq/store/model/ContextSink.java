package dev.logq.store.model;

import java.io.IOException;

/** Where a search with context ({@code -A/-B/-C}) hands its lines: events, and separators between groups. */
public interface ContextSink extends EventSink {

    /** A new group starts that does not follow the lines before it: grep prints {@code --}; false to stop. */
    boolean separator() throws IOException;
}
