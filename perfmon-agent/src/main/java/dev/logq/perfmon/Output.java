package dev.logq.perfmon;

import java.io.Closeable;
import java.io.IOException;

/** Where the objects go: standard output, or a log server (see {@link Target}). */
interface Output extends Closeable {

    /**
     * Sends one object.
     *
     * @param json   the object's UTF-8 JSON text in {@code json[0, length)}, no line end; the array is reused afterwards
     * @param second the tick's epoch second, for a syslog header
     * @throws IOException when standard output is closed (a network output never throws: it keeps and retries)
     */
    void send(byte[] json, int length, long second) throws IOException;

    /** Flushes what is kept, waiting a little for a log server, then lets go. */
    @Override
    void close();
}
