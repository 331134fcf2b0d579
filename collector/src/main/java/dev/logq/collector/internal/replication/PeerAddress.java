package dev.logq.collector.internal.replication;

import dev.logq.collector.internal.net.ListenAddress;
import dev.logq.store.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer log server, from {@code --peer NAME=HOST:PORT}: its node name (what it calls itself, the origin
 * of its events) and where its replication listener is.
 */
public record PeerAddress(String name, String host, int port) {

    /**
     * The peers of {@code self}: the entries of {@code --peer} (and the config file's {@code peer}), each
     * {@code NAME=HOST:PORT}, without the one naming {@code self}, so that one list can be deployed to
     * every node unchanged.
     *
     * @throws IllegalArgumentException naming the entry, for a malformed one or a name given twice
     */
    public static List<PeerAddress> parse(List<String> entries, String self) {
        Map<String, PeerAddress> peers = new LinkedHashMap<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (!Event.isNodeName(name)) {
                throw new IllegalArgumentException("--peer '" + entry + "' is not NAME=HOST:PORT with a node name"
                        + " (e.g. log2=10.0.0.2:9515)");
            }
            ListenAddress address = ListenAddress.parse("--peer " + name, entry.substring(eq + 1).strip());
            if (!address.enabled() || address.host().equals("0.0.0.0")) {
                throw new IllegalArgumentException("--peer '" + entry + "' needs the host the peer is reached at (e.g. log2=10.0.0.2:9515)");
            }
            if (peers.put(name, new PeerAddress(name, address.host(), address.port())) != null) {
                throw new IllegalArgumentException("--peer names " + name + " twice");
            }
        }
        peers.remove(self);
        return List.copyOf(new ArrayList<>(peers.values()));
    }

    @Override
    public String toString() {
        return name + "=" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
