package dev.logq.perfmon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code --to syslog://HOST:PORT}: RFC 5424 messages over TCP with octet counting (RFC 6587 3.4.1:
 * {@code LENGTH SP MESSAGE}). TCP syslog has no acknowledgements: what the kernel accepted before a
 * connection broke may be lost, as with rsyslog's omfwd; use relp:// where that matters.
 */
final class TcpSyslog implements Transport {

    private final String host;
    private final int port;
    private final SyslogHeader header;
    private Socket socket;
    private OutputStream out;

    TcpSyslog(String host, int port, SyslogHeader header) {
        this.host = host;
        this.port = port;
        this.header = header;
    }

    @Override
    public byte[] frame(byte[] json, int length, long second) {
        byte[] message = header.rfc5424(json, length, second);
        byte[] count = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[count.length + message.length];
        System.arraycopy(count, 0, frame, 0, count.length);
        System.arraycopy(message, 0, frame, count.length, message.length);
        return frame;
    }

    @Override
    public void connect() throws IOException {
        socket = Transport.open(host, port);
        out = socket.getOutputStream();
    }

    @Override
    public void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() {
        Transport.closeQuietly(socket);
        socket = null;
    }
}
