package dev.logq.perfmon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code --to relp://HOST:PORT}: RELP, as rsyslog's omrelp speaks it, one transaction in flight. A frame
 * is {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}; the session opens with an {@code open} offering
 * {@code commands=syslog}, then each object is a {@code syslog} command holding an RFC 5424 message, sent
 * again after a reconnect unless its {@code rsp} said 200. So an object is lost only when the buffer
 * overflows, and may arrive twice only when a connection broke after the server stored it.
 */
final class RelpClient implements Transport {

    private static final String OFFER = "relp_version=0\nrelp_software=logq-perfmon\ncommands=syslog";

    private final String host;
    private final int port;
    private final SyslogHeader header;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private long txnr;

    RelpClient(String host, int port, SyslogHeader header) {
        this.host = host;
        this.port = port;
        this.header = header;
    }

    @Override
    public byte[] frame(byte[] json, int length, long second) {
        return header.rfc5424(json, length, second);
    }

    @Override
    public void connect() throws IOException {
        socket = Transport.open(host, port);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        txnr = 0;
        try {
            transact("open", OFFER.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void send(byte[] frame) throws IOException {
        transact("syslog", frame);
    }

    /** Sends one command and reads its response; an answer other than 200 is an IOException with its text. */
    private void transact(String command, byte[] data) throws IOException {
        long number = ++txnr;
        out.write((number + " " + command + " " + data.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write('\n');
        out.flush();
        long answered = readNumber();
        expect(' ');
        String kind = readWord();
        long length = readNumber();
        String text = "";
        if (length > 0) {
            expect(' ');
            byte[] answer = in.readNBytes((int) length);
            if (answer.length < length) {
                throw new IOException(host + ":" + port + " cut its RELP response short");
            }
            text = new String(answer, StandardCharsets.UTF_8);
        }
        expect('\n');
        if (kind.equals("serverclose")) {
            throw new IOException(host + ":" + port + " closed the RELP session");
        }
        if (answered != number || !kind.equals("rsp")) {
            throw new IOException(host + ":" + port + " answered transaction " + number + " with '" + answered + " " + kind + "'");
        }
        if (!text.startsWith("200")) {
            throw new IOException(host + ":" + port + " refused the " + command + ": " + text.lines().findFirst().orElse(text));
        }
    }

    /** Reads 1 to 9 digits, leaving the byte after them unread. */
    private long readNumber() throws IOException {
        long value = 0;
        int digits = 0;
        while (true) {
            in.mark(1);
            int c = in.read();
            if (c < '0' || c > '9' || digits == 9) {
                in.reset();
                if (digits == 0) {
                    throw notRelp(c);
                }
                return value;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
    }

    private void expect(char wanted) throws IOException {
        int c = in.read();
        if (c != wanted) {
            throw notRelp(c);
        }
    }

    private String readWord() throws IOException {
        StringBuilder word = new StringBuilder();
        while (true) {
            in.mark(1);
            int c = in.read();
            if (c < 'a' || c > 'z' || word.length() > 16) {
                in.reset();
                if (word.isEmpty()) {
                    throw notRelp(c);
                }
                expect(' ');
                return word.toString();
            }
            word.append((char) c);
        }
    }

    private IOException notRelp(int c) {
        return new IOException(host + ":" + port + (c < 0 ? " closed the connection" : " sent something that is not RELP"));
    }

    @Override
    public void close() {
        Transport.closeQuietly(socket);
        socket = null;
    }
}
