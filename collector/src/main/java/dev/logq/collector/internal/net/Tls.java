package dev.logq.collector.internal.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the syslog and RELP listeners (RFC 5425): the server certificate and key from PEM files,
 * TLS 1.2 and 1.3 only, and, with a CA file, mutual TLS: clients must present a certificate that CA
 * signed, whose subject CN or a DNS name matches one of the permitted peers if any are given
 * ({@code *.example.com} matches one label). {@link #reload} reads the files again (logqd calls it on
 * SIGHUP): new connections use the new certificate, open ones keep theirs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5425">RFC 5425</a>
 */
public final class Tls {

    private static final Logger log = LoggerFactory.getLogger(Tls.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsFiles files;
    private final AtomicReference<SslContext> context = new AtomicReference<>();
    private final AtomicReference<SslContext> clientContext = new AtomicReference<>();
    private final Counter refused;

    public Tls(TlsFiles files, MeterRegistry registry) {
        this.files = files;
        this.refused = Counter.builder("logq.tls.refused").description("TLS connections refused: failed handshake or peer not permitted")
                .register(registry);
        context.set(build());
        clientContext.set(buildClient());
    }

    /** For connections logqd opens (to peers): its certificate presented, the CA's trusted, TLS 1.2 and 1.3. */
    private SslContext buildClient() {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().keyManager(files.cert().toFile(), files.key().toFile()).protocols(PROTOCOLS);
            if (files.ca() != null) {
                b.trustManager(files.ca().toFile());
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use --tls-cert " + files.cert() + " / --tls-key " + files.key()
                    + (files.ca() != null ? " / --tls-ca " + files.ca() : "") + " for outgoing connections: " + e.getMessage());
        }
    }

    /**
     * TLS first in the pipeline of a connection logqd opens to {@code host}: the peer's certificate must be
     * signed by the CA and name the host (or address) connected to.
     */
    public void addClientTo(ChannelPipeline pipeline, String host, int port) {
        SslHandler handler = clientContext.get().newHandler(pipeline.channel().alloc(), host, port);
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        pipeline.addLast("tls", handler);
    }

    /** Whether clients must present a certificate (mutual TLS). */
    public boolean mutual() {
        return files.ca() != null;
    }

    private SslContext build() {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(files.cert().toFile(), files.key().toFile()).protocols(PROTOCOLS);
            if (files.ca() != null) {
                b.trustManager(files.ca().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use --tls-cert " + files.cert() + " / --tls-key " + files.key()
                    + (files.ca() != null ? " / --tls-ca " + files.ca() : "") + ": " + e.getMessage()
                    + " (PEM files; the key unencrypted PKCS#8 or PKCS#1)");
        }
    }

    /** Reads the PEM files again; keeps the current certificate (and says so) if they do not work. */
    public void reload() {
        try {
            SslContext server = build();
            SslContext client = buildClient();
            context.set(server);
            clientContext.set(client);
            log.info("TLS certificate reloaded from {}; new connections use it", files.cert());
        } catch (IllegalArgumentException e) {
            log.warn("TLS reload failed, keeping the certificate in use: {}", e.getMessage());
        }
    }

    /** TLS first in the pipeline; with {@code optional}, a connection that does not start a handshake stays plain. */
    public void addTo(ChannelPipeline pipeline, String option, boolean optional) {
        SslContext ctx = context.get();
        if (optional) {
            pipeline.addLast("tls", new OptionalSslHandler(ctx));
        } else {
            pipeline.addLast("tls", ctx.newHandler(pipeline.channel().alloc()));
        }
        pipeline.addLast("tls-peer", new PeerCheck(option));
    }

    /** Refuses, after the handshake, a client whose certificate names none of the permitted peers. */
    private final class PeerCheck extends ChannelInboundHandlerAdapter {
        private final String option;

        PeerCheck(String option) {
            this.option = option;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    refused.increment();
                    log.warn("{} {}: TLS handshake failed: {}", option, ctx.channel().remoteAddress(), done.cause().getMessage() != null ? done.cause().getMessage() : done.cause().toString());
                } else if (!permitted(ctx)) {
                    return;
                }
                ctx.pipeline().remove(this);
            }
            super.userEventTriggered(ctx, evt);
        }

        private boolean permitted(ChannelHandlerContext ctx) throws CertificateParsingException {
            if (files.ca() == null || files.peers().isEmpty()) {
                return true;
            }
            List<String> names = List.of();
            try {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                names = names((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]);
            } catch (SSLPeerUnverifiedException | RuntimeException e) {
                // no certificate: refused below
            }
            for (String name : names) {
                for (String pattern : files.peers()) {
                    if (matches(pattern, name)) {
                        return true;
                    }
                }
            }
            refused.increment();
            log.warn("{} {}: client certificate names {} none of --tls-peers {}; closing", option, ctx.channel().remoteAddress(),
                    names, files.peers());
            ctx.channel().close();
            return false;
        }
    }

    /** The subject CN and the DNS subject alternative names of a certificate. */
    static List<String> names(X509Certificate cert) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // no usable subject: the SANs may still name it
        }
        if (cert.getSubjectAlternativeNames() != null) {
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(san.get(0))) {  // dNSName
                    names.add(san.get(1).toString());
                }
            }
        }
        return names;
    }

    static boolean matches(String pattern, String name) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot).equals(p.substring(1));
        }
        return p.equals(n);
    }
}
