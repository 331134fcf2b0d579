package dev.logq.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook receiver on 127.0.0.1, as a chat server's incoming webhook is: it takes each POST, answers
 * 200, and keeps the JSON body, the path it came to and when, for the tests to read.
 */
final class Webhooks implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery: where it was posted, the body, and the receiver's clock on arrival. */
    record Received(String path, JsonNode body, long atMillis) {}

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();

    Webhooks() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long at = System.currentTimeMillis();
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException notJson) {
                json = JSON.getNodeFactory().textNode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            synchronized (received) {
                received.add(new Received(exchange.getRequestURI().getPath(), json, at));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** What came to {@code path} so far. */
    List<Received> at(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
