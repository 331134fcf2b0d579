package dev.logq.perfmon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One way to a log server, used by {@link QueuedOutput} on its one thread: frame an object, connect,
 * send, and close after a failure (then connect again).
 */
interface Transport {

    /** How long connecting, and waiting for an acknowledgement, may take. */
    int TIMEOUT_MILLIS = 5_000;

    /** The bytes to send for one object, made when the object is written (its array is reused after). */
    byte[] frame(byte[] json, int length, long second);

    void connect() throws IOException;

    /** Sends one frame; returns once the server acknowledged it, where the protocol has acknowledgements. */
    void send(byte[] frame) throws IOException;

    /** Lets go of the connection; the next {@link #send} needs a {@link #connect}. */
    void close();

    /** A TCP connection to {@code host:port} with the timeouts above. */
    static Socket open(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Closes a connection that may be broken already, or null. */
    static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection may fail; it is gone either way
            }
        }
    }
}
