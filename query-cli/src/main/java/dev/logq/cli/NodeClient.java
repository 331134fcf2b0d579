package dev.logq.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.cli.NodeFailure.Kind;
import dev.logq.cli.NodeFailure.NodeException;
import dev.logq.store.model.CountBy;
import dev.logq.store.model.StatsRow;
import dev.logq.store.model.Units;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP edge: asks one node and turns every way that can fail into a {@link NodeFailure}.
 *
 * <p>Only the connection has a timeout. A search may rightly take long before its first event (a
 * node sends the response head with the first chunk), so the answer is awaited without one; a node
 * that drops the connection before the final chunk is reported as {@link Kind#CUT}, never taken for
 * a short but complete answer.
 *
 * <p>{@link HttpURLConnection}, not {@code java.net.http.HttpClient}: logq sends one request per node
 * and exits, and the HttpClient's start (its selector thread, its TLS context built even for plain http)
 * cost more than the rest of a small query; a one-request program took 456 ms with it against 55 ms.
 */
final class NodeClient {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int ERROR_BODY_LIMIT = 4096;
    private static final String UNKNOWN_HOST = "unknown host";
    private static final String TLS_FAILED = "TLS failed: ";

    private final SSLContext tlsContext;
    private SSLSocketFactory tls;  // made when an https node is first asked
    private final String token;
    private final String userAgent;
    private final Duration connectTimeout;

    /**
     * @param tls for https nodes, or null for the JDK's default (system trust store, no client certificate);
     *     it is built only when an https node is asked
     * @param token bearer token sent to every node, or null
     */
    NodeClient(SSLContext tls, String token, String userAgent, Duration connectTimeout) {
        this.tlsContext = tls;
        this.token = token;
        this.userAgent = userAgent;
        this.connectTimeout = connectTimeout;
    }

    private synchronized SSLSocketFactory tls() throws IOException {
        if (tls == null) {
            try {
                SSLContext context = tlsContext != null ? tlsContext : SSLContext.getDefault();
                tls = new HandshakeWithin(context.getSocketFactory(), connectTimeout);
            } catch (GeneralSecurityException e) {
                throw new IOException("no TLS in this Java runtime: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /**
     * A follower's node writes at least a blank line every 10 s; three times that without a byte means
     * the connection is dead (a network that drops packets gives no reset).
     */
    private static final Duration TAIL_SILENCE = Duration.ofSeconds(35);

    /** A node's answer: its status and body (closing the body ends the connection). */
    private record Response(int status, String contentType, InputStream body) {}

    /** Sends the search; returns once the node answered 200, with its events still to be read. */
    EventSource search(URI node, SearchRequest request) throws NodeException {
        return new NodeStream(node, send(node, request.searchUri(node)).body());
    }

    /**
     * Sends the search for the node to write each event as {@code format}; returns once the node answered
     * 200, with the lines still to be read.
     */
    InputStream searchLines(URI node, SearchRequest request, OutputFormat format, ZoneId zone) throws NodeException {
        return send(node, request.searchUri(node, format, zone)).body();
    }

    /** The search with context (see {@link SearchRequest#contextUri}); the lines are still to be read. */
    InputStream contextLines(URI node, SearchRequest request, OutputFormat format, ZoneId zone, int before, int after)
            throws NodeException {
        return send(node, request.contextUri(node, format, zone, before, after)).body();
    }

    /** Starts following (see {@link SearchRequest#tailUri}); the lines are read until the node ends or breaks off. */
    InputStream tail(URI node, SearchRequest request, long from, int backlog) throws NodeException {
        return send(node, request.tailUri(node, from, backlog), 200, TAIL_SILENCE).body();
    }

    /** The node's count per origin for the request, and per group with a {@code by} (null: none). */
    CountMerge.Answer count(URI node, SearchRequest request, CountBy by) throws NodeException {
        String body = readAll(node, send(node, request.countUri(node, by)));
        try {
            return CountMerge.parse(body);
        } catch (IllegalArgumentException e) {
            throw new NodeException(new NodeFailure(node, Kind.MALFORMED, e.getMessage()));
        }
    }

    /** The node's statistics rows for the fields of the matching events, per time bucket. */
    List<StatsRow> stats(URI node, SearchRequest request, List<String> fields, CountBy buckets) throws NodeException {
        String body = readAll(node, send(node, request.statsUri(node, fields, buckets)));
        try {
            return StatsMerge.parse(body);
        } catch (IllegalArgumentException e) {
            throw new NodeException(new NodeFailure(node, Kind.MALFORMED, e.getMessage()));
        }
    }

    /** The body of the node's {@code /healthz}: also when it answers 503 because it is still starting. */
    String health(URI node) throws NodeException {
        return readAll(node, send(node, URI.create(node + "/healthz"), 503));
    }

    /** The node's alert rules and their state ({@code GET /api/v1/alerts}). */
    String alerts(URI node) throws NodeException {
        return readAll(node, send(node, node.resolve("/api/v1/alerts")));
    }

    /** {@code POST /api/v1/alerts/ACTION?rule=RULE[&for=SPAN]}: test or silence a rule; the node's answer. */
    String alertAction(URI node, String action, String rule, String span) throws NodeException {
        String query = "rule=" + URLEncoder.encode(rule, StandardCharsets.UTF_8)
                + (span == null ? "" : "&for=" + URLEncoder.encode(span, StandardCharsets.UTF_8));
        return readAll(node, send(node, node.resolve("/api/v1/alerts/" + action + "?" + query), 200, Duration.ZERO, new byte[0]));
    }

    private static String readAll(URI node, Response response) throws NodeException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NodeException(new NodeFailure(node, Kind.CUT, cut(e)));
        }
    }

    private Response send(URI node, URI uri) throws NodeException {
        return send(node, uri, 200);
    }

    private Response send(URI node, URI uri, int alsoAccepted) throws NodeException {
        return send(node, uri, alsoAccepted, Duration.ZERO);
    }

    /**
     * Sends the request; returns the response if its status is 200 or {@code alsoAccepted}. Reading the
     * answer waits as long as it takes, or for a follower at most {@code silence} between two bytes
     * (zero: no limit).
     */
    private Response send(URI node, URI uri, int alsoAccepted, Duration silence) throws NodeException {
        return send(node, uri, alsoAccepted, silence, null);
    }

    /**
     * {@code POST /api/v1/import} of JSON lines as {@code logq -o json} writes them; returns the node's answer,
     * {@code {"accepted":N,"stored":S,"held":H,"rejected":R,"errors":[...]}}. A busy node (503) is a
     * {@link Kind#NOT_READY} failure: nothing of the request was stored, and it may be sent again.
     */
    String importLines(URI node, byte[] ndjson) throws NodeException {
        return readAll(node, send(node, node.resolve("/api/v1/import"), 200, Duration.ZERO, ndjson));
    }

    /** As above, with {@code body} POSTed as JSON lines when it is not null. */
    private Response send(URI node, URI uri, int alsoAccepted, Duration silence, byte[] body) throws NodeException {
        Response response;
        try {
            HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            http.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            http.setReadTimeout((int) Math.min(Integer.MAX_VALUE, silence.toMillis()));
            http.setInstanceFollowRedirects(false);
            http.setUseCaches(false);
            if (http instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls());
            }
            http.setRequestProperty("Accept", "application/x-ndjson, application/json, text/plain");
            http.setRequestProperty("User-Agent", userAgent);
            if (token != null) {
                http.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                http.setRequestMethod("POST");
                http.setDoOutput(true);
                http.setFixedLengthStreamingMode(body.length);
                http.setRequestProperty("Content-Type", "application/x-ndjson");
                try (var out = http.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = http.getResponseCode();
            InputStream answer = status >= 400 ? http.getErrorStream() : http.getInputStream();
            response = new Response(status, http.getContentType(), new Disconnecting(answer, http));
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
        int status = response.status();
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

    /**
     * A body whose close ends the connection at once: logq asks each node once, and a reader that stops
     * early ({@code | head}) must not wait for the rest of the answer to be drained; the node notices
     * the closed connection and stops its search.
     */
    private static final class Disconnecting extends FilterInputStream {
        private final HttpURLConnection http;

        Disconnecting(InputStream body, HttpURLConnection http) {
            super(body == null ? InputStream.nullInputStream() : body);
            this.http = http;
        }

        @Override
        public void close() {
            http.disconnect();
        }
    }

    private String unreachable(IOException e) {
        String refused = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "connect timed out after " + Units.text(connectTimeout);  // no read timeout is set
            }
            if (t instanceof UnknownHostException) {
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
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The {@code error} of a {@code {"error":"..."}} body, else the first line of a plain text one, else nothing. */
    private static String errorMessage(Response response) {
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
        if (response.contentType() == null || !response.contentType().startsWith("text/plain")) {
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
