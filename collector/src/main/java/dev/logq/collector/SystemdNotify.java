package dev.logq.collector;

import dev.logq.perfmon.UnixDatagram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) without libsystemd, for a unit with {@code Type=notify}: {@code READY=1} once every listener
 * is bound, {@code STOPPING=1} as logqd begins to stop, each as one datagram to the socket systemd names in
 * {@code $NOTIFY_SOCKET}. Started any other way (no such variable), it sends nothing. A failed send is
 * logged once; systemd then times the start out and says so itself.
 */
final class SystemdNotify {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private final String socket;
    private boolean failed;

    private SystemdNotify(String socket) {
        this.socket = socket;
    }

    static SystemdNotify fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        return new SystemdNotify(socket == null || socket.isBlank() ? null : socket);
    }

    void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    private synchronized void send(String state) {
        if (socket == null || failed) {
            return;
        }
        byte[] datagram = state.getBytes(StandardCharsets.UTF_8);
        try (UnixDatagram notify = new UnixDatagram(socket)) {
            notify.connect();
            notify.send(datagram, datagram.length);
        } catch (IOException e) {
            failed = true;
            log.warn("cannot tell systemd the service state through NOTIFY_SOCKET {}: {}", socket, e.getMessage());
        }
    }
}
