package dev.logq.collector.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logq.store.Store;
import dev.logq.store.StoreStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /healthz}: {@code {"status":"ok"|"starting","node":..., ...}} with every {@link StoreStatus}
 * component in snake_case; 200 when ready, 503 otherwise (load balancers and the tests wait on it).
 */
final class Health {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Health() {}

    static void respond(Store store, ChannelHandlerContext ctx, boolean keepAlive) {
        StoreStatus status = store.status();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status.ready() ? "ok" : "starting");
        body.setAll((ObjectNode) JSON.valueToTree(status));
        Responses.json(ctx, keepAlive, status.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body.toString());
    }
}
