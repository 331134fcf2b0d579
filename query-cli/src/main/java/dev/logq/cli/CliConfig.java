package dev.logq.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optional config file of {@code logq}: defaults for the flags a user would otherwise type every
 * time.
 *
 * <pre>
 * file    = *(line LF)
 * line    = *WSP [ "#" *CHAR / key *WSP "=" *WSP value *WSP ]
 * key     = "nodes" / "token" / "output" / "utc" / "color" / "cacert" / "cert" / "key"
 * nodes   = node *("," node)            ; as --node: http://HOST:PORT or HOST:PORT
 * output  = "short" / "json" / "raw"
 * utc     = "true" / "false"
 * color   = "auto" / "always" / "never"  ; as --color
 * cacert, cert, key = a file's path   ; as --cacert, --cert, --key
 * </pre>
 *
 * Only the first file found is read ({@code --config FILE}, else {@code $XDG_CONFIG_HOME/logq/config}
 * or {@code ~/.config/logq/config}, else {@code /etc/logq/logq.conf}): a user's file replaces the
 * system one rather than merging with it, so what applies is always in one place. Unknown keys and
 * bad values are errors naming the file and line, so a typo is not silently ignored.
 *
 * @param file where it was read from, or null if there is none
 * @param nodes node addresses, empty if not set
 * @param token bearer token, or null
 * @param output output format, or null
 * @param utc whether to print times in UTC, or null
 * @param color when to colour the output, as --color takes it (checked where it is used), or null
 * @param tls the CA and client certificate files for https nodes (relative paths from the file's directory)
 */
record CliConfig(Path file, List<String> nodes, String token, OutputFormat output, Boolean utc, String color, ClientTls tls) {

    static final CliConfig NONE = new CliConfig(null, List.of(), null, null, null, null, ClientTls.NONE);

    /**
     * Finds and reads the config file.
     *
     * @param explicit the {@code --config} value, or null; it must exist
     * @param env the process environment (XDG_CONFIG_HOME, HOME)
     * @param systemFile the system-wide file, normally {@code /etc/logq/logq.conf}
     * @throws CliException if a file cannot be read or has a bad line
     */
    static CliConfig load(Path explicit, Map<String, String> env, Path systemFile) {
        if (explicit != null) {
            return read(explicit, true);
        }
        for (Path candidate : candidates(env, systemFile)) {
            CliConfig config = read(candidate, false);
            if (config != null) {
                return config;
            }
        }
        return NONE;
    }

    static List<Path> candidates(Map<String, String> env, Path systemFile) {
        String xdg = env.get("XDG_CONFIG_HOME");
        String home = env.get("HOME");
        Path user = null;
        if (xdg != null && !xdg.isBlank()) {
            user = Path.of(xdg, "logq", "config");
        } else if (home != null && !home.isBlank()) {
            user = Path.of(home, ".config", "logq", "config");
        }
        return user == null ? List.of(systemFile) : List.of(user, systemFile);
    }

    /** The file's settings; null if it does not exist and need not. */
    private static CliConfig read(Path file, boolean mustExist) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new CliException("config file " + file + " does not exist (check --config)");
            }
            return null;
        } catch (IOException e) {
            throw new CliException("cannot read config file " + file + " (" + e.getMessage() + ")");
        }
        List<String> nodes = List.of();
        String token = null;
        OutputFormat output = null;
        Boolean utc = null;
        String color = null;
        Path[] tlsFiles = new Path[3];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new CliException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "nodes" -> nodes = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                case "token" -> token = value.isEmpty() ? null : value;
                case "output" -> {
                    try {
                        output = OutputFormat.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new CliException(where + ": " + e.getMessage());
                    }
                }
                case "utc" -> utc = switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> true;
                    case "false", "no", "off" -> false;
                    default -> throw new CliException(where + ": utc = " + value + " must be true or false");
                };
                case "color" -> {
                    if (!List.of("auto", "always", "never").contains(value.toLowerCase(Locale.ROOT))) {
                        throw new CliException(where + ": color = " + value + " must be auto, always or never");
                    }
                    color = value;
                }
                case "cacert" -> tlsFiles[0] = relativeTo(file, value);
                case "cert" -> tlsFiles[1] = relativeTo(file, value);
                case "key" -> tlsFiles[2] = relativeTo(file, value);
                default -> throw new CliException(where + ": unknown key '" + key + "' (known: nodes, token, output, utc, color, cacert, cert, key)");
            }
        }
        try {
            return new CliConfig(file, nodes, token, output, utc, color, new ClientTls(tlsFiles[0], tlsFiles[1], tlsFiles[2]));
        } catch (CliException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    private static Path relativeTo(Path file, String value) {
        Path dir = file.toAbsolutePath().getParent();
        return value.isEmpty() ? null : dir == null ? Path.of(value) : dir.resolve(value);
    }
}
