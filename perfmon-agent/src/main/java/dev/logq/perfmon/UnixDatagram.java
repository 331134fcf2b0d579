package dev.logq.perfmon;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A connected AF_UNIX datagram socket, the kind {@code /dev/log} is (rsyslog's imuxsock, journald). The
 * JDK's channels speak only stream sockets over AF_UNIX, so this calls libc's socket(2), connect(2),
 * send(2) and close(2) through the foreign function API; errno becomes the IOException's message.
 * Blocking, like syslog(3): a full receive queue waits. Not thread-safe.
 *
 * <p>Public for logqd, which tells systemd it is ready through the datagram socket in
 * {@code $NOTIFY_SOCKET}: a path, or a name in Linux's abstract namespace written with a leading '@'.
 */
public final class UnixDatagram implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(struct sockaddr_un): a 2-byte family, then 108 bytes of path. */
    private static final int SUN_PATH_MAX = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CONNECT = function("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = function("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final Arena arena = Arena.ofAuto(); // made on one thread, used on the sender thread
    private final MemorySegment state = arena.allocate(CALL_STATE);
    private final String address;
    private MemorySegment buffer = arena.allocate(4096);
    private int fd = -1;

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, CAPTURE_ERRNO);
    }

    /** @param address a socket's path, or {@code @name} for a name in the abstract namespace */
    public UnixDatagram(String address) {
        this.address = address;
    }

    /** Opens the socket and connects it to the address. */
    public void connect() throws IOException {
        byte[] name = address.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = address.startsWith("@");
        if (isAbstract) {
            name[0] = 0;  // an abstract name starts with a NUL byte and is not NUL-terminated
        }
        if (name.length >= SUN_PATH_MAX) {
            throw new IOException(address + ": a socket address must be shorter than " + SUN_PATH_MAX + " bytes");
        }
        close();
        try {
            fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket");
            }
            MemorySegment sockaddr = arena.allocate(2 + SUN_PATH_MAX);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, sockaddr, JAVA_BYTE, 2, name.length);
            int length = 2 + name.length + (isAbstract ? 0 : 1);
            if ((int) CONNECT.invokeExact(state, fd, sockaddr, length) < 0) {
                IOException e = failure("connect to " + address);
                close();
                throw e;
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot call libc: " + t, t);
        }
    }

    /** Sends one datagram. */
    public void send(byte[] data, int length) throws IOException {
        if (fd < 0) {
            throw new IOException("not connected to " + address);
        }
        if (buffer.byteSize() < length) {
            buffer = arena.allocate(Math.max(length, buffer.byteSize() * 2));
        }
        MemorySegment.copy(data, 0, buffer, JAVA_BYTE, 0, length);
        long sent;
        try {
            sent = (long) SEND.invokeExact(state, fd, buffer, (long) length, 0);
        } catch (Throwable t) {
            throw new IOException("cannot call libc: " + t, t);
        }
        if (sent < 0) {
            throw failure("send to " + address);
        }
    }

    private IOException failure(String what) {
        int errno = (int) ERRNO.get(state, 0L);
        String reason;
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            reason = text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            reason = "errno " + errno;
        }
        return new IOException("cannot " + what + ": " + reason);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // nothing more can be done about a close that failed
            }
            fd = -1;
        }
    }
}
