package dev.logq.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SMTP server on 127.0.0.1 for the alert tests: Debian's aiosmtpd (python3-aiosmtpd, the
 * maintained successor of Python's smtpd), optionally with STARTTLS required and AUTH PLAIN/LOGIN
 * required after it. Each message it accepts is written to its own file, headed by the envelope and
 * how the session went ({@code X-Sink-TLS}, {@code X-Sink-Auth}).
 */
final class SmtpSink implements AutoCloseable {

    private static final String SERVER = """
            import asyncio, ssl, sys, time, os
            from aiosmtpd.controller import Controller
            from aiosmtpd.smtp import AuthResult, LoginPassword
            port, out = int(sys.argv[1]), sys.argv[2]
            cert = sys.argv[3] if len(sys.argv) > 5 else None
            n = [0]
            class Handler:
                async def handle_DATA(self, server, session, envelope):
                    n[0] += 1
                    head = "X-Sink-From: %s\\nX-Sink-To: %s\\nX-Sink-TLS: %s\\nX-Sink-Auth: %s\\n" % (
                        envelope.mail_from, ",".join(envelope.rcpt_tos), session.ssl is not None,
                        session.authenticated)
                    tmp = os.path.join(out, "%05d.tmp" % n[0])
                    with open(tmp, "wb") as f:
                        f.write(head.encode() + envelope.original_content)
                    os.rename(tmp, os.path.join(out, "%05d.eml" % n[0]))
                    return "250 OK"
            def auth(server, session, envelope, mechanism, data):
                ok = isinstance(data, LoginPassword) and data.login == sys.argv[5].encode() and data.password == sys.argv[6].encode()
                return AuthResult(success=ok, handled=False)
            kw = {}
            if cert:
                ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                ctx.load_cert_chain(sys.argv[3], sys.argv[4])
                kw = dict(tls_context=ctx, require_starttls=True, authenticator=auth, auth_required=True, auth_require_tls=True)
            c = Controller(Handler(), hostname="127.0.0.1", port=port, **kw)
            c.start()
            print("ready", flush=True)
            while True:
                time.sleep(3600)
            """;

    final int port;
    private final Path dir;
    private final Process process;

    private SmtpSink(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** A sink without TLS or authentication, as a local MTA takes mail from 127.0.0.1. */
    static SmtpSink start(Path work) {
        return start(work, List.of());
    }

    /** A sink that requires STARTTLS with this certificate and key, then AUTH as user with password. */
    static SmtpSink startTls(Path work, String cert, String key, String user, String password) {
        return start(work, List.of(cert, key, user, password));
    }

    private static SmtpSink start(Path work, List<String> tlsArgs) {
        int port = Ports.free();
        try {
            Path dir = Files.createDirectories(work.resolve("mail-" + port));
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", SERVER, Integer.toString(port), dir.toString()));
            command.addAll(tlsArgs);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("smtp-" + port + ".log").toFile()).start();
            for (int i = 0; i < 200 && !Files.readString(work.resolve("smtp-" + port + ".log")).contains("ready"); i++) {
                if (!p.isAlive()) {
                    throw new AssertionError("the SMTP sink exited: " + Files.readString(work.resolve("smtp-" + port + ".log")));
                }
                LogqdProcess.sleep(50);
            }
            return new SmtpSink(port, dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages accepted so far, oldest first, each as its text. */
    List<String> messages() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
