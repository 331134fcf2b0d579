package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code logq nodes} reads from a node's {@code /healthz}:
 *
 * <pre>
 * {"status":"ok"|"starting", "node":NAME, "journal_events":N, "index_lag":N, "disk_free_bytes":N, ...,
 *  "replication":{PEER:{"connected":B, "lag_events":N, "lag_seconds":X, "last_error":S|null, ...}, ...}}
 * </pre>
 *
 * Other fields are skipped; {@code replication} is absent on a node that does not replicate.
 *
 * @param peers null when the node does not replicate
 */
record NodeHealth(String node, String status, long journalEvents, long indexLag, long diskFreeBytes, List<Peer> peers) {

    /** This node's link to one peer: whether it sends to it, and what the peer still lacks of its events. */
    record Peer(String name, boolean connected, long lagEvents, double lagSeconds, String lastError) {}

    private static final JsonFactory JSON = new JsonFactory();

    boolean ready() {
        return "ok".equals(status);
    }

    /** @throws IllegalArgumentException if it is not a health answer */
    static NodeHealth parse(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String node = null;
            String status = null;
            long events = 0;
            long lag = 0;
            long free = 0;
            List<Peer> peers = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "node" -> node = p.getValueAsString();
                    case "status" -> status = p.getValueAsString();
                    case "journal_events" -> events = p.getValueAsLong();
                    case "index_lag" -> lag = p.getValueAsLong();
                    case "disk_free_bytes" -> free = p.getValueAsLong();
                    case "replication" -> peers = peers(p);
                    default -> p.skipChildren();
                }
            }
            if (node == null || status == null) {
                throw new IllegalArgumentException("no 'node' or 'status': is it a logqd node?");
            }
            return new NodeHealth(node, status, events, lag, free, peers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it: " + e.getMessage());
        }
    }

    private static List<Peer> peers(JsonParser p) throws IOException {
        List<Peer> peers = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return peers;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String peer = p.currentName();
            boolean connected = false;
            long lagEvents = 0;
            double lagSeconds = 0;
            String lastError = null;
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "connected" -> connected = p.getValueAsBoolean();
                        case "lag_events" -> lagEvents = p.getValueAsLong();
                        case "lag_seconds" -> lagSeconds = p.getValueAsDouble();
                        case "last_error" -> lastError = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            peers.add(new Peer(peer, connected, lagEvents, lagSeconds, lastError));
        }
        return peers;
    }
}
