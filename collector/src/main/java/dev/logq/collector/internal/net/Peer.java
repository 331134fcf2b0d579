package dev.logq.collector.internal.net;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A sender as events name it, computed once per connection (or per datagram sender, or HTTP request)
 * rather than per message.
 *
 * @param host   the address alone ({@code 192.0.2.7}, {@code 2001:db8::7}): an event's host when the message names none
 * @param source transport and address ({@code tcp 192.0.2.7:40312}, {@code udp [2001:db8::7]:514})
 */
public record Peer(String host, String source) {

    public static Peer of(String transport, SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            String name = address == null ? "unknown" : address.toString();
            return new Peer(name, transport + " " + name);
        }
        String ip = NetUtil.toAddressString(inet.getAddress());
        String hostPort = ip.indexOf(':') >= 0 ? "[" + ip + "]:" + inet.getPort() : ip + ":" + inet.getPort();
        return new Peer(ip, transport + " " + hostPort);
    }
}
