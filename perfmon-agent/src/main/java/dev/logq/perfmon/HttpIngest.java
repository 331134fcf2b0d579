package dev.logq.perfmon;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code --to http://HOST:PORT}: each object POSTed to logqd's JSON ingest ({@code /api/v1/ingest}) on one
 * kept-alive HTTP/1.1 connection, with {@code "app":"logq-perfmon"}, {@code "host"}, and local1.info added
 * in front, so logqd files it as it files the same sample sent as syslog. A 2xx status is the acknowledgement; any other is an error
 * with logqd's one-line reason, and the object is sent again later. Plain HTTP written by hand: the
 * JDK's HttpClient would cost the agent threads and megabytes for one POST a second.
 */
final class HttpIngest implements Transport {

    private final String host;
    private final int port;
    private final byte[] prefix;
    private final String authorization;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** @param token logqd's API token, or null */
    HttpIngest(String host, int port, String hostname, String token) {
        this.host = host;
        this.port = port;
        this.prefix = ("{\"app\":\"" + SyslogHeader.TAG + "\",\"host\":" + quoted(hostname) + ",\"facility\":\"local1\",\"severity\":\"info\",")
                .getBytes(StandardCharsets.UTF_8);
        this.authorization = token == null || token.isBlank() ? "" : "Authorization: Bearer " + token.strip() + "\r\n";
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    @Override
    public byte[] frame(byte[] json, int length, long second) {
        // json is {"group":...,"server":...}: the two fields go in after its brace
        byte[] body = new byte[prefix.length + length - 1];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(json, 1, body, prefix.length, length - 1);
        return body;
    }

    @Override
    public void connect() throws IOException {
        socket = Transport.open(host, port);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    @Override
    public void send(byte[] body) throws IOException {
        String head = "POST /api/v1/ingest HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + authorization
                + "Content-Type: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        String status = line();
        long contentLength = 0;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim();
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        byte[] answer = in.readNBytes((int) Math.min(contentLength, 64 * 1024));
        if (close) {
            close();
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException(host + ":" + port + " did not answer in HTTP: " + status);
        }
        if (parts[1].charAt(0) != '2') {
            String reason = new String(answer, StandardCharsets.UTF_8).strip().lines().findFirst().orElse(status);
            throw new IOException("http://" + host + ":" + port + " answered " + parts[1] + ": " + reason);
        }
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException(host + ":" + port + " closed the connection");
            }
            if (c != '\r' && line.length() < 8192) {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        Transport.closeQuietly(socket);
        socket = null;
    }
}
