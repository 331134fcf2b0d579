package dev.logq.perfmon;

import java.nio.file.Path;

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
 * @param scheme one of the names above ({@code stdout}, {@code syslog}, {@code syslog-tcp}, {@code relp}, {@code http})
 * @param socket the local socket for {@code syslog}, else null
 */
record Target(String scheme, String host, int port, Path socket) {

    static final Path DEV_LOG = Path.of("/dev/log");

    static Target parse(String spec) throws Options.UsageException {
        if (spec.equals("stdout") || spec.equals("-")) {
            return new Target("stdout", null, 0, null);
        }
        if (spec.equals("syslog")) {
            return new Target("syslog", null, 0, DEV_LOG);
        }
        if (spec.startsWith("syslog:/") && !spec.startsWith("syslog://")) {
            return new Target("syslog", null, 0, Path.of(spec.substring("syslog:".length())));
        }
        if (spec.startsWith("syslog:///")) {
            return new Target("syslog", null, 0, Path.of(spec.substring("syslog://".length())));
        }
        for (String[] kind : new String[][] {{"syslog://", "syslog-tcp"}, {"relp://", "relp"}, {"http://", "http"}}) {
            if (spec.startsWith(kind[0])) {
                String rest = spec.substring(kind[0].length());
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
                            return new Target(kind[1], host, port, null);
                        }
                    } catch (NumberFormatException e) {
                        // the message below says what is wanted
                    }
                }
                throw new Options.UsageException("--to " + spec + ": name the host and port, as in " + kind[0] + "logs1:"
                        + (kind[1].equals("http") ? 9514 : kind[1].equals("relp") ? 2514 : 5514));
            }
        }
        throw new Options.UsageException("--to " + spec
                + " is not a target: use stdout, syslog, syslog:/PATH, syslog://HOST:PORT, relp://HOST:PORT or http://HOST:PORT");
    }

    /** How messages name the target: "/dev/log", "relp://logs1:2514". */
    @Override
    public String toString() {
        return switch (scheme) {
            case "stdout" -> "standard output";
            case "syslog" -> socket.toString();
            case "syslog-tcp" -> "syslog://" + host + ":" + port;
            default -> scheme + "://" + host + ":" + port;
        };
    }
}
