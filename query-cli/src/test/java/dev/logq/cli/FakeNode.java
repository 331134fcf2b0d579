package dev.logq.cli;

import dev.logq.store.model.ShortLine;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Function;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stand-in for a logqd node on 127.0.0.1: {@code /api/v1/search} answers canned events the
 * way the real API does (honouring order, limit and format; chunked), or misbehaves on purpose.
 */
final class FakeNode implements AutoCloseable {

    /** What a node does with one request. */
    @FunctionalInterface
    interface Behaviour {
        void answer(HttpExchange exchange, Map<String, List<String>> params) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch answered = new CountDownLatch(1);

    private FakeNode(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v1/search", exchange -> {
            // Not try-with-resources: closing the exchange would write the last chunk, and a cut
            // answer must end without it (the exception makes the server drop the connection).
            try {
                Map<String, List<String>> params = decode(exchange.getRequestURI().getRawQuery());
                requests.add(params);
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(authorization == null ? "" : authorization);
                behaviour.answer(exchange, params);
                exchange.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                answered.countDown();
            }
        });
        server.start();
    }

    /** Answers with these events (given oldest first), ordered and limited as asked. */
    static FakeNode serving(List<String> eventsOldestFirst) throws IOException {
        return new FakeNode((exchange, params) -> streamEvents(exchange, params, select(eventsOldestFirst, params), Integer.MAX_VALUE));
    }

    /** Like {@link #serving} but waits for {@code gate} before sending anything: a slow node. */
    static FakeNode slow(List<String> eventsOldestFirst, CountDownLatch gate) throws IOException {
        return new FakeNode((exchange, params) -> {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("gate never opened");
            }
            streamEvents(exchange, params, select(eventsOldestFirst, params), Integer.MAX_VALUE);
        });
    }

    /** Sends the first {@code sent} events, then drops the connection without the final chunk. */
    static FakeNode cutAfter(List<String> eventsOldestFirst, int sent) throws IOException {
        return new FakeNode((exchange, params) -> streamEvents(exchange, params, select(eventsOldestFirst, params), sent));
    }

    /** Answers every request with this status and JSON body. */
    static FakeNode answering(int status, String body) throws IOException {
        return new FakeNode((exchange, params) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        });
    }

    /** An address where nothing listens: connections to it are refused. */
    static URI refusing() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The query parameters of each request received, decoded. */
    List<Map<String, List<String>>> requests() {
        return List.copyOf(requests);
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Waits until the node has finished its first answer. */
    void awaitAnswered() throws InterruptedException {
        if (!answered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + url() + " never answered");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static List<String> select(List<String> eventsOldestFirst, Map<String, List<String>> params) {
        List<String> events = new ArrayList<>(eventsOldestFirst);
        if (!"oldest".equals(first(params, "order"))) {
            events = events.reversed();
        }
        String limit = first(params, "limit");
        if (limit != null && Integer.parseInt(limit) < events.size()) {
            events = events.subList(0, Integer.parseInt(limit));
        }
        return events;
    }

    /** Each event's line in the format asked for, as logqd writes it (json, raw, short with tz). */
    private static Function<String, String> lines(Map<String, List<String>> params) {
        String format = first(params, "format");
        if (format == null || format.equals("json")) {
            return json -> json;
        }
        if (format.equals("raw")) {
            return json -> EventLine.parse(json).msg();
        }
        String tz = first(params, "tz");
        ShortLine line = new ShortLine(tz == null ? ZoneOffset.UTC : ZoneId.of(tz));
        return json -> {
            EventLine e = EventLine.parse(json);
            return line.format(e.ts(), e.host(), e.app(), e.procid(), e.msg());
        };
    }

    private static void streamEvents(HttpExchange exchange, Map<String, List<String>> params, List<String> events, int sendBeforeCut)
            throws IOException {
        Function<String, String> lines = lines(params);
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
        exchange.sendResponseHeaders(200, 0); // 0: chunked
        OutputStream body = new java.io.BufferedOutputStream(exchange.getResponseBody(), 16 * 1024);
        for (int i = 0; i < events.size(); i++) {
            if (i == sendBeforeCut) {
                body.flush();
                // An exception out of the handler makes the JDK server close the connection
                // without writing the last chunk: what a client sees when a node dies mid-answer.
                throw new IOException("cut on purpose");
            }
            body.write((lines.apply(events.get(i)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        body.flush();
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.getFirst();
    }

    private static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }
}
