package dev.logq.store.model;

import java.io.IOException;

/** Where {@code Store.follow} hands the matching events as they are appended. */
public interface FollowSink {

    /**
     * One matching event and its position in this node's journal (a follower that reconnects passes it
     * back to resume after it); false to stop following.
     */
    boolean accept(Event event, long position) throws IOException;

    /** Nothing new for now (a good moment to flush); false to stop following. */
    boolean idle() throws IOException;
}
