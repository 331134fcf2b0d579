package dev.logq.perfmon;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --to syslog}: a datagram per object to the local syslog socket, as syslog(3) sends it. */
final class LocalSyslog implements Transport {

    private final UnixDatagram socket;
    private final SyslogHeader header;

    LocalSyslog(Path path, SyslogHeader header) {
        this.socket = new UnixDatagram(path.toString());
        this.header = header;
    }

    @Override
    public byte[] frame(byte[] json, int length, long second) {
        return header.local(json, length, second);
    }

    @Override
    public void connect() throws IOException {
        socket.connect();
    }

    @Override
    public void send(byte[] frame) throws IOException {
        socket.send(frame, frame.length);
    }

    @Override
    public void close() {
        socket.close();
    }
}
