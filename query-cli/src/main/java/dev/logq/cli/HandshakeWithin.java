package dev.logq.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets whose handshake must finish within the connect timeout. {@code HttpURLConnection} bounds
 * the TCP connect only, and logq reads answers without a timeout (a search may take long before its
 * first event), so a node that accepts and then says nothing would otherwise hold logq for ever.
 *
 * <p>It makes no unconnected sockets (the inherited {@code createSocket()} refuses), so the connection
 * connects a plain socket within the connect timeout and layers TLS over it here.
 */
final class HandshakeWithin extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final int timeoutMillis;

    HandshakeWithin(SSLSocketFactory tls, Duration timeout) {
        this.tls = tls;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return handshake(tls.createSocket(plain, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return handshake(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return handshake(tls.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return handshake(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return handshake(tls.createSocket(host, port, local, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private Socket handshake(Socket socket) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            ((SSLSocket) socket).startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        socket.setSoTimeout(before);
        return socket;
    }
}
