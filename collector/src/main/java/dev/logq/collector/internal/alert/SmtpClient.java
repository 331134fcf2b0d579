package dev.logq.collector.internal.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends one plain-text mail through an SMTP relay (RFC 5321): EHLO, STARTTLS when the relay offers it
 * (RFC 3207; required with {@code starttls = always}), AUTH PLAIN (RFC 4616) with a user, then MAIL,
 * RCPT, DATA. The body is UTF-8, sent 8-bit where the relay takes 8BITMIME and as base64 where it does
 * not; a subject that is not ASCII is an RFC 2047 encoded word. Each exchange has a timeout, so a relay
 * that hangs fails the attempt instead of holding the sender.
 */
final class SmtpClient {

    static final int TIMEOUT_MS = 10_000;

    private final MailSettings settings;
    private final String helo;

    SmtpClient(MailSettings settings, String helo) {
        this.settings = settings;
        this.helo = helo;
    }

    /** Whether the relay answers with its greeting now; the reason it does not, else null. */
    String probe() {
        try (Socket s = connect()) {
            Session session = new Session(s);
            session.expect(220, "greeting");
            session.command("QUIT");
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    void send(List<String> to, String subject, String body) throws IOException {
        try (Socket plain = connect()) {
            Session s = new Session(plain);
            s.expect(220, "greeting");
            List<String> ext = s.ehlo(helo);
            boolean tls = false;
            if (settings.startTls() != MailSettings.StartTls.NEVER && has(ext, "STARTTLS")) {
                s.command("STARTTLS");
                s.expect(220, "STARTTLS");
                s = new Session(startTls(plain));
                tls = true;
                ext = s.ehlo(helo);
            } else if (settings.startTls() == MailSettings.StartTls.ALWAYS) {
                throw new IOException("the relay " + settings.relay() + " does not offer STARTTLS, and [mail] starttls = always");
            }
            if (settings.user() != null) {
                if (!tls && !InetAddress.getByName(settings.host()).isLoopbackAddress()) {
                    throw new IOException("not sending the password to " + settings.relay() + " without STARTTLS");
                }
                String password = Files.readAllLines(settings.passwordFile(), StandardCharsets.UTF_8).stream().findFirst().orElse("");
                String token = Base64.getEncoder().encodeToString(("\0" + settings.user() + "\0" + password).getBytes(StandardCharsets.UTF_8));
                s.command("AUTH PLAIN " + token);
                s.expect(235, "AUTH");
            }
            boolean eightBit = has(ext, "8BITMIME");
            s.command("MAIL FROM:<" + settings.from() + ">" + (eightBit ? " BODY=8BITMIME" : ""));
            s.expect(250, "MAIL FROM");
            for (String rcpt : to) {
                s.command("RCPT TO:<" + rcpt + ">");
                s.expect(250, "RCPT TO " + rcpt);
            }
            s.command("DATA");
            s.expect(354, "DATA");
            s.write(message(to, subject, body, eightBit));
            s.expect(250, "the message");
            s.command("QUIT");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(settings.host(), settings.port()), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot reach the mail relay " + settings.relay() + ": " + e.getMessage(), e);
        }
    }

    private SSLSocket startTls(Socket plain) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (settings.caFile() == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(settings.caFile())) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca" + i++, c);
                    }
                }
                trust.init(store);
            }
            context.init(null, trust.getTrustManagers(), null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, settings.host(), settings.port(), true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");  // the relay's certificate must name it
            tls.setSSLParameters(params);
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("STARTTLS with " + settings.relay() + ": " + e.getMessage(), e);
        }
    }

    private static boolean has(List<String> extensions, String name) {
        return extensions.stream().anyMatch(e -> e.toUpperCase(Locale.ROOT).equals(name) || e.toUpperCase(Locale.ROOT).startsWith(name + " "));
    }

    /** The message, headers and body, CRLF-ended, dot-stuffed and ending with the lone dot. */
    private String message(List<String> to, String subject, String body, boolean eightBit) {
        StringBuilder m = new StringBuilder();
        m.append("From: logq <").append(settings.from()).append(">\r\n");
        m.append("To: ").append(String.join(", ", to)).append("\r\n");
        m.append("Subject: ").append(encodedWord(subject.replaceAll("[\r\n]+", " "))).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        String domain = settings.from().substring(settings.from().indexOf('@') + 1);
        m.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(domain).append(">\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Auto-Submitted: auto-generated\r\n");
        boolean ascii = body.chars().allMatch(c -> c < 128);
        if (ascii || eightBit) {
            m.append("Content-Transfer-Encoding: ").append(ascii ? "7bit" : "8bit").append("\r\n\r\n");
            for (String line : body.split("\r?\n", -1)) {
                m.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            }
        } else {
            m.append("Content-Transfer-Encoding: base64\r\n\r\n");
            m.append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        m.append(".\r\n");
        return m.toString();
    }

    private static String encodedWord(String text) {
        if (text.chars().allMatch(c -> c >= 32 && c < 127)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** One connection's command and reply exchange. */
    private final class Session {
        private final BufferedReader in;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        void command(String line) throws IOException {
            write(line + "\r\n");
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads a (multi-line) reply; its lines' texts. */
        List<String> expect(int code, String what) throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("the mail relay " + settings.relay() + " closed the connection at " + what);
                }
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() < 4 || line.charAt(3) != '-') {
                    if (!line.startsWith(Integer.toString(code))) {
                        throw new IOException("the mail relay " + settings.relay() + " refused " + what + ": " + line);
                    }
                    return lines;
                }
            }
        }

        List<String> ehlo(String name) throws IOException {
            command("EHLO " + name);
            return expect(250, "EHLO");
        }
    }
}
