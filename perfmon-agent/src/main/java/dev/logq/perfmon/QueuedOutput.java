package dev.logq.perfmon;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;

/**
 * A network {@link Output}: objects wait in a bounded buffer while one thread sends them through a
 * {@link Transport}, so a slow or unreachable log server never delays sampling. When the server cannot
 * be reached the thread retries after 1, 2, 4 ... up to 30 seconds; when the buffer is full the oldest
 * object is dropped and counted. stderr gets one line when the server is lost and one when it is
 * reached again (with the number dropped meanwhile), not a line per retry.
 */
final class QueuedOutput implements Output {

    /** What the buffer may hold: about 10 minutes of every group at a 1-second period. */
    static final int DEFAULT_BUFFER_BYTES = 2 << 20;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Transport transport;
    private final String name;
    private final PrintStream err;
    private final int bufferBytes;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread sender;
    private int queuedBytes;
    private long dropped;
    private long droppedSinceLost;
    private boolean closing;
    private boolean lost;
    private long closeDeadline;

    QueuedOutput(Transport transport, String name, PrintStream err, int bufferBytes) {
        this.transport = transport;
        this.name = name;
        this.err = err;
        this.bufferBytes = bufferBytes;
        this.sender = Thread.ofPlatform().name("logq-perfmon-send").daemon().stackSize(256 * 1024).unstarted(this::run);
        sender.start();
    }

    @Override
    public void send(byte[] json, int length, long second) {
        byte[] frame = transport.frame(json, length, second);
        synchronized (this) {
            while (!queue.isEmpty() && queuedBytes + frame.length > bufferBytes) {
                queuedBytes -= queue.removeFirst().length;
                dropped++;
                droppedSinceLost++;
            }
            queue.addLast(frame);
            queuedBytes += frame.length;
            notifyAll();
        }
    }

    /** Objects dropped from a full buffer since start. */
    synchronized long dropped() {
        return dropped;
    }

    /** Objects waiting to be sent. */
    synchronized int waiting() {
        return queue.size();
    }

    private void run() {
        long backoff = 1_000;
        boolean connected = false;
        while (true) {
            byte[] frame;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    waitQuietly(0);
                }
                if (queue.isEmpty()) {
                    break;
                }
                frame = queue.peekFirst();
            }
            try {
                if (!connected) {
                    transport.connect();
                    connected = true;
                }
                transport.send(frame);
                synchronized (this) {
                    if (queue.peekFirst() == frame) {
                        queue.removeFirst();
                        queuedBytes -= frame.length;
                    }
                    if (lost) {
                        err.println("logq-perfmon: sending to " + name + " again"
                                + (droppedSinceLost > 0 ? "; " + droppedSinceLost + " samples were dropped meanwhile" : ""));
                        lost = false;
                        droppedSinceLost = 0;
                    }
                }
                backoff = 1_000;
            } catch (IOException e) {
                transport.close();
                connected = false;
                synchronized (this) {
                    if (!lost) {
                        err.println("logq-perfmon: cannot send to " + name + ": " + e.getMessage() + " (keeping the newest "
                                + (bufferBytes >> 10) + " KiB of samples, retrying)");
                        lost = true;
                    }
                    if (closing && System.nanoTime() - closeDeadline > 0) {
                        break;
                    }
                    waitQuietly(backoff);
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        transport.close();
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Sends what is buffered for up to two seconds, then stops; what is left is lost, and said so. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            closeDeadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
            notifyAll();
        }
        try {
            sender.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!queue.isEmpty()) {
                err.println("logq-perfmon: " + queue.size() + " samples not sent to " + name + " before stopping");
            }
        }
    }
}
