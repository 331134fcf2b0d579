package dev.logq.cli;

import dev.logq.store.model.Units;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The nodes to ask and the client to ask them with, from the {@code Nodes} options, the environment
 * and the config file: one place for both {@code logq} and {@code logq nodes}.
 */
final class NodeAccess {

    final CliConfig config;
    final List<URI> targets;
    final NodeClient client;

    private NodeAccess(CliConfig config, List<URI> targets, NodeClient client) {
        this.config = config;
        this.targets = targets;
        this.client = client;
    }

    /** The value of --timeout, null for its default. */
    static Duration timeout(String text) {
        Duration d = Units.duration(text == null ? LogqOptions.Nodes.DEFAULT_TIMEOUT : text);
        if (d.isZero()) {
            throw new IllegalArgumentException("give more than 0");
        }
        return d;
    }

    /** @throws CliException for a bad config file, node list, token or TLS file */
    static NodeAccess open(LogqOptions.Nodes nodes, Logq.Env env, Duration timeout) {
        CliConfig config = CliConfig.load(nodes.config, env.variables(), env.systemConfig());
        List<URI> targets = NodeList.resolve(nodes.nodes, env.variables().get("LOGQ_NODES"), config);
        String token = token(nodes, env, config);
        boolean https = targets.stream().anyMatch(node -> node.getScheme().equals("https"));
        NodeClient client = new NodeClient(https ? tls(nodes, config).context() : null, token, "logq/" + LogqOptions.Version.version(), timeout);
        return new NodeAccess(config, targets, client);
    }

    private static String token(LogqOptions.Nodes nodes, Logq.Env env, CliConfig config) {
        String token = nodes.token != null ? nodes.token : env.variables().get("LOGQ_TOKEN");
        if (token == null || token.isEmpty()) {
            token = config.token();
        }
        if (token != null && !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new CliException("the token holds spaces or characters other than printable ASCII (check --token, LOGQ_TOKEN or the config file)");
        }
        return token;
    }

    /** Each of --cacert, --cert and --key from its flag, else from the config file. */
    private static ClientTls tls(LogqOptions.Nodes nodes, CliConfig config) {
        return new ClientTls(nodes.cacert != null ? nodes.cacert : config.tls().caFile(),
                nodes.cert != null ? nodes.cert : config.tls().certFile(),
                nodes.key != null ? nodes.key : config.tls().keyFile());
    }

}
