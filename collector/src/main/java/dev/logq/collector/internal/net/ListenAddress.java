package dev.logq.collector.internal.net;

import java.net.InetSocketAddress;

/**
 * A listening address from a flag or the config file: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code :PORT}
 * (all interfaces) or {@code PORT} (127.0.0.1), or {@code off} to disable the listener.
 */
public record ListenAddress(String host, int port) {

    public static final ListenAddress OFF = new ListenAddress("", 0);

    public static ListenAddress parse(String option, String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("off")) {
            return OFF;
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw bad(option, text);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                host = "127.0.0.1";
                port = s;
            } else {
                host = colon == 0 ? "0.0.0.0" : s.substring(0, colon);
                port = s.substring(colon + 1);
            }
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535 || host.isBlank() || host.contains(":") && !s.startsWith("[")) {
                throw bad(option, text);
            }
            return new ListenAddress(host, p);
        } catch (NumberFormatException e) {
            throw bad(option, text);
        }
    }

    private static IllegalArgumentException bad(String option, String text) {
        return new IllegalArgumentException(option + " '" + text + "' is not ADDR:PORT (e.g. 127.0.0.1:5514, :5514, [::1]:5514) or 'off'");
    }

    public boolean enabled() {
        return port != 0;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return !enabled() ? "off" : host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
