package dev.logq.collector.internal.alert;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How mail leaves, from the one {@code [mail]} section of the rule files (every key optional):
 *
 * <pre>
 * [mail]
 * relay = 127.0.0.1:25             the SMTP server: by default the local MTA (postfix, exim), which relays on
 * from = logq@HOST                 the sender (default: logq at this host's name)
 * starttls = auto                  auto: when the relay offers it; always: refuse to send without; never
 * user = alerts                    AUTH PLAIN with this user ...
 * password-file = /etc/logq/smtp   ... and the password on the first line of this file (only after STARTTLS,
 *                                  unless the relay is this host)
 * ca-file = /etc/logq/relay-ca.pem trust the relay's certificate if this CA signed it (default: the system's CAs)
 * </pre>
 */
record MailSettings(String host, int port, String from, StartTls startTls, String user, Path passwordFile, Path caFile) {

    enum StartTls { AUTO, ALWAYS, NEVER }

    static MailSettings defaults(String hostname) {
        return new MailSettings("127.0.0.1", 25, "logq@" + hostname, StartTls.AUTO, null, null, null);
    }

    /** The settings with one key of the section set; @throws IllegalArgumentException for a bad key or value */
    MailSettings with(String key, String value) {
        return switch (key) {
            case "relay" -> {
                int colon = value.lastIndexOf(':');
                if (colon <= 0) {
                    yield new MailSettings(value, 25, from, startTls, user, passwordFile, caFile);
                }
                int p;
                try {
                    p = Integer.parseInt(value.substring(colon + 1));
                } catch (NumberFormatException e) {
                    p = -1;
                }
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("relay '" + value + "' is not HOST[:PORT] (relay = 127.0.0.1:25)");
                }
                yield new MailSettings(value.substring(0, colon).replace("[", "").replace("]", ""), p, from, startTls, user, passwordFile, caFile);
            }
            case "from" -> {
                if (!value.matches("[^@\\s<>]+@[^@\\s<>]+")) {
                    throw new IllegalArgumentException("from '" + value + "' is not a mail address");
                }
                yield new MailSettings(host, port, value, startTls, user, passwordFile, caFile);
            }
            case "starttls" -> {
                StartTls s;
                try {
                    s = StartTls.valueOf(value.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("starttls '" + value + "' is not auto, always or never");
                }
                yield new MailSettings(host, port, from, s, user, passwordFile, caFile);
            }
            case "user" -> new MailSettings(host, port, from, startTls, value, passwordFile, caFile);
            case "password-file" -> new MailSettings(host, port, from, startTls, user, Path.of(value), caFile);
            case "ca-file" -> new MailSettings(host, port, from, startTls, user, passwordFile, Path.of(value));
            default -> throw new IllegalArgumentException("[mail] has no key '" + key + "' (relay, from, starttls, user, password-file, ca-file)");
        };
    }

    String relay() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
