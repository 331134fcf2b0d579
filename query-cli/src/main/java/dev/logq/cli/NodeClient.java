package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.cli.NodeFailure.Kind;
import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.store.model.Units;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The HTTP edge: asks one node and turns every way that can fail into a {@link NodeFailure}.
 *
 * <p>Only the connection has a timeout. A search may rightly take long before its first event (a
 * node sends the response head with the first chunk), so the answer is awaited without one; a node
 * that drops the connection before the final chunk is reported as {@link Kind#CUT}, never taken for
 * a short but complete answer.
 */
final class NodeClient {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int ERROR_BODY_LIMIT = 4096;
    private static final String UNKNOWN_HOST = "unknown host";
    private static final String TLS_FAILED = "TLS failed: ";

    private final HttpClient http;
    private final String token;
    private final String userAgent;
    private final Duration connectTimeout;

    /** @param token bearer token sent to every node, or null */
    NodeClient(HttpClient http, String token, String userAgent, Duration connectTimeout) {
        this.http = http;
        this.token = token;
        this.userAgent = userAgent;
        this.connectTimeout = connectTimeout;
    }

    /**
     * The client for one run. Without https nodes it gets a TLS context that can do nothing: the JDK
     * builds one eagerly either way, and the default one loads the TLS stack and reads the system
     * trust store, a good part of logq's start-up spent for nothing.
     */
    static HttpClient newHttpClient(Duration connectTimeout, boolean https, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!https) {
            builder.sslContext(NoTls.context());
        } else if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    /** Sends the search; returns once the node answered 200, with its events still to be read. */
    EventSource search(URI node, SearchRequest request) throws NodeException, InterruptedException {
        HttpResponse<InputStream> response = send(node, request.searchUri(node));
        return new NodeStream(node, response.body());
    }

    /**
     * Sends the search for the node to write each event as {@code format}; returns once the node answered
     * 200, with the lines still to be read.
     */
    InputStream searchLines(URI node, SearchRequest request, OutputFormat format, ZoneId zone) throws NodeException, InterruptedException {
        return send(node, request.searchUri(node, format, zone)).body();
    }

    /** The node's count per origin for the request. */
    Map<String, Long> count(URI node, SearchRequest request) throws NodeException, InterruptedException {
        HttpResponse<InputStream> response = send(node, request.countUri(node));
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NodeException(new NodeFailure(node, Kind.CUT, cut(e)));
        }
        try {
            return CountMerge.parse(body);
        } catch (IllegalArgumentException e) {
            throw new NodeException(new NodeFailure(node, Kind.MALFORMED, e.getMessage()));
        }
    }

    /** The body of the node's {@code /healthz}: also when it answers 503 because it is still starting. */
    String health(URI node) throws NodeException, InterruptedException {
        HttpResponse<InputStream> response = send(node, URI.create(node + "/healthz"), 503);
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NodeException(new NodeFailure(node, Kind.CUT, cut(e)));
        }
    }

    private HttpResponse<InputStream> send(URI node, URI uri) throws NodeException, InterruptedException {
        return send(node, uri, 200);
    }

    /** Sends the request; returns the response if its status is 200 or {@code alsoAccepted}. */
    private HttpResponse<InputStream> send(URI node, URI uri, int alsoAccepted) throws NodeException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .header("Accept", "application/x-ndjson, application/json")
                .header("User-Agent", userAgent);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String reason = unreachable(e);
            Kind kind = reason.equals(UNKNOWN_HOST) ? Kind.UNKNOWN_HOST : reason.startsWith(TLS_FAILED) ? Kind.TLS : Kind.UNREACHABLE;
            if (kind == Kind.UNREACHABLE && node.getScheme().equals("https") && !connectFailed(e)) {
                // connected, then closed before an answer: with TLS 1.3 that is how a refused client certificate shows
                kind = Kind.TLS;
                reason = "the node closed the TLS connection before answering: " + reason;
            }
            throw new NodeException(new NodeFailure(node, kind, reason));
        }
        int status = response.statusCode();
        if (status == 200 || status == alsoAccepted) {
            return response;
        }
        String message = errorMessage(response);
        Kind kind = switch (status) {
            case 400 -> Kind.REJECTED;
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 503 -> Kind.NOT_READY;
            default -> Kind.FAILED;
        };
        String reason = kind == Kind.REJECTED && !message.isEmpty() ? message : "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        throw new NodeException(new NodeFailure(node, kind, reason));
    }

    private String unreachable(IOException e) {
        // The JDK wraps the telling cause (unresolved address, ...) in one or two ConnectExceptions.
        String refused = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connect timed out after " + Units.text(connectTimeout);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return UNKNOWN_HOST;
            }
            if (t instanceof SSLException) {
                return TLS_FAILED + t.getMessage();
            }
            if (t instanceof ConnectException && refused == null) {
                refused = t.getMessage() == null ? "connection refused" : t.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        return refused != null ? refused : describe(e);
    }

    private static boolean connectFailed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The {@code error} of a {@code {"error":"..."}} body, else the first line of a plain text one, else nothing. */
    private static String errorMessage(HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("error") && value == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: perhaps plain text
        }
        // An HTML error page (a proxy, another web server) says nothing the status does not.
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            return "";
        }
        int end = body.indexOf('\n');
        String line = end < 0 ? body : body.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Why an answer broke off; the JDK says only "closed" when the connection ends early. */
    static String cut(IOException e) {
        String message = describe(e);
        return message.equals("closed") || message.contains("EOF")
                ? "connection closed before the end of the answer" : message;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Reads one node's ndjson answer, line by line. */
    private static final class NodeStream implements EventSource {

        private final URI node;
        private final InputStream body;
        private final BufferedReader reader;

        NodeStream(URI node, InputStream body) {
            this.node = node;
            this.body = body;
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        }

        @Override
        public URI node() {
            return node;
        }

        @Override
        public EventLine next() throws NodeException {
            String line;
            do {
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new NodeException(new NodeFailure(node, Kind.CUT, cut(e)));
                }
                if (line == null) {
                    return null;
                }
            } while (line.isBlank());
            try {
                return EventLine.parse(line);
            } catch (IllegalArgumentException e) {
                throw new NodeException(new NodeFailure(node, Kind.MALFORMED, e.getMessage()));
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // nothing more is wanted from this node; closing is only to release the connection
            }
        }
    }
}
