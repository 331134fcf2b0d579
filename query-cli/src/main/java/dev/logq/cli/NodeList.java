package dev.logq.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which nodes to ask, from the first of these that names any:
 *
 * <ol>
 *   <li>{@code --node ADDRESS}, repeated;
 *   <li>the environment variable {@code LOGQ_NODES}, addresses separated by commas;
 *   <li>{@code nodes = ...} in the config file;
 *   <li>{@value #DEFAULT}, the address a local logqd listens on by default.
 * </ol>
 *
 * <pre>
 * address = ("http" / "https") "://" host [":" port] [path]   ; used as given, trailing "/" dropped
 *         / host ":" port                                      ; http://host:port
 *         / host                                               ; http://host:9514
 * host    = name / IPv4 / "[" IPv6 "]"
 * </pre>
 *
 * Sources are not merged: {@code --node} replaces LOGQ_NODES, which replaces the file, so a command
 * line always says exactly which nodes it asks. The same node given twice is asked once.
 */
final class NodeList {

    static final String DEFAULT = "http://127.0.0.1:9514";
    static final int DEFAULT_PORT = 9514;

    private NodeList() {}

    /**
     * @throws CliException naming the bad address and where it came from
     */
    static List<URI> resolve(List<String> flags, String envValue, CliConfig config) {
        if (flags != null && !flags.isEmpty()) {
            return parseAll(flags, "--node");
        }
        if (envValue != null && !envValue.isBlank()) {
            return parseAll(List.of(envValue.split(",")), "LOGQ_NODES");
        }
        if (!config.nodes().isEmpty()) {
            return parseAll(config.nodes(), "'nodes' in " + config.file());
        }
        return List.of(URI.create(DEFAULT));
    }

    private static List<URI> parseAll(List<String> texts, String source) {
        Set<URI> nodes = new LinkedHashSet<>();
        for (String text : texts) {
            if (!text.isBlank()) {
                nodes.add(parse(text, source));
            }
        }
        if (nodes.isEmpty()) {
            throw new CliException(source + " names no node (use http://HOST:PORT or HOST:PORT)");
        }
        return List.copyOf(new ArrayList<>(nodes));
    }

    /** @throws CliException if the text is not an address of the forms above */
    static URI parse(String text, String source) {
        String s = text.strip();
        String withScheme = s.contains("://") ? s : "http://" + s;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw bad(text, source);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw bad(text, source);
        }
        int port = uri.getPort();
        if (port < 0 && !s.contains("://")) {
            port = DEFAULT_PORT;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority().replaceFirst(":\\d*$", "")
                + (port < 0 ? "" : ":" + port) + path);
    }

    private static CliException bad(String text, String source) {
        return new CliException("bad node address '" + text + "' in " + source + " (use http://HOST:PORT or HOST:PORT)");
    }
}
