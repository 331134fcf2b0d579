package dev.logq.collector.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logq.store.Store;
import dev.logq.store.StoreStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * {@code GET /healthz}: {@code {"status":"ok"|"rebuilding"|"starting","node":..., ...}} with every
 * {@link StoreStatus} component in snake_case, and {@code "replication":{PEER:{...}}} with each peer's status;
 * 200 when ready, 503 otherwise (load balancers and the tests wait on it). "rebuilding": ready, serving, but
 * the partitions in {@code "rebuilding"} were found corrupt and are being built again from the journal.
 */
final class Health {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Health() {}

    /** @param replication the peers' status, or null without replication */
    static void respond(Store store, Map<String, Object> replication, ChannelHandlerContext ctx, boolean keepAlive) {
        StoreStatus status = store.status();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", !status.ready() ? "starting" : status.rebuilding().isEmpty() ? "ok" : "rebuilding");
        body.setAll((ObjectNode) JSON.valueToTree(status));
        if (replication != null) {
            body.set("replication", JSON.valueToTree(replication));
        }
        Responses.json(ctx, keepAlive, status.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body.toString());
    }
}
