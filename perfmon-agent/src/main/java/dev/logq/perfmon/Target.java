package dev.logq.perfmon;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code --to} sends the objects.
 *
 * <table>
 * <caption>Targets</caption>
 * <tr><th>{@code --to}</th><th>how</th></tr>
 * <tr><td>{@code stdout} (default)</td><td>a line per object</td></tr>
 * <tr><td>{@code syslog}, {@code syslog:/PATH}</td><td>the local syslog socket {@code /dev/log} (or PATH), a
 *     datagram per object as syslog(3) writes it: {@code <142>Mmm dd hh:mm:ss logq-perfmon[PID]: JSON},
 *     local1.info like the jsonperfmon fork</td></tr>
 * <tr><td>{@code syslog://HOST:PORT}</td><td>RFC 5424 over TCP, octet-counted (RFC 6587), as rsyslog's
 *     omfwd sends it</td></tr>
 * <tr><td>{@code relp://HOST:PORT}</td><td>RELP: each object acknowledged by the server</td></tr>
 * <tr><td>{@code http://HOST:PORT}</td><td>logqd's JSON ingest, {@code POST /api/v1/ingest}, with the token in
 *     {@code LOGQ_TOKEN} if set; each object acknowledged</td></tr>
 * </table>
 *
 * @param kind   which of the above
 * @param socket the local socket for {@link Kind#LOCAL_SYSLOG}, else null
 */
record Target(Kind kind, String host, int port, Path socket) {

    /** The kinds of target, each with the URL scheme that names it. */
    enum Kind {
        STDOUT(null), LOCAL_SYSLOG(null), SYSLOG_TCP("syslog://"), RELP("relp://"), HTTP("http://");

        final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }
    }

    static final Path DEV_LOG = Path.of("/dev/log");

    static Target parse(String spec) throws Options.UsageException {
        if (spec.equals("stdout") || spec.equals("-")) {
            return new Target(Kind.STDOUT, null, 0, null);
        }
        if (spec.equals("syslog")) {
            return new Target(Kind.LOCAL_SYSLOG, null, 0, DEV_LOG);
        }
        if (spec.startsWith("syslog:/") && !spec.startsWith("syslog://")) {
            return new Target(Kind.LOCAL_SYSLOG, null, 0, Path.of(spec.substring("syslog:".length())));
        }
        if (spec.startsWith("syslog:///")) {
            return new Target(Kind.LOCAL_SYSLOG, null, 0, Path.of(spec.substring("syslog://".length())));
        }
        for (Kind kind : List.of(Kind.SYSLOG_TCP, Kind.RELP, Kind.HTTP)) {
            if (spec.startsWith(kind.scheme)) {
                String rest = spec.substring(kind.scheme.length());
                if (rest.endsWith("/")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                int colon = rest.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        int port = Integer.parseInt(rest.substring(colon + 1));
                        if (port > 0 && port < 65536) {
                            String host = rest.substring(0, colon);
                            if (host.startsWith("[") && host.endsWith("]")) {
                                host = host.substring(1, host.length() - 1);
                            }
                            return new Target(kind, host, port, null);
                        }
                    } catch (NumberFormatException e) {
                        // the message below says what is wanted
                    }
                }
                throw new Options.UsageException("--to " + spec + ": name the host and port, as in " + kind.scheme + "logs1:"
                        + switch (kind) {
                            case HTTP -> 9514;
                            case RELP -> 2514;
                            default -> 5514;
                        });
            }
        }
        throw new Options.UsageException("--to " + spec
                + " is not a target: use stdout, syslog, syslog:/PATH, syslog://HOST:PORT, relp://HOST:PORT or http://HOST:PORT");
    }

    /** How messages name the target: "/dev/log", "relp://logs1:2514". */
    @Override
    public String toString() {
        return switch (kind) {
            case STDOUT -> "standard output";
            case LOCAL_SYSLOG -> socket.toString();
            default -> kind.scheme + host + ":" + port;
        };
    }
}
