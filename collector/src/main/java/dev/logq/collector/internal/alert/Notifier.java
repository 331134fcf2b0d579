package dev.logq.collector.internal.alert;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a rule's notifications go, from its {@code notify} lines:
 *
 * <pre>
 * notify = mail ADDRESS[,ADDRESS...]   a mail through the [mail] relay (default the local MTA, 127.0.0.1:25)
 * notify = webhook URL                 an HTTP POST of the alert as JSON, with a Slack/Mattermost "text"
 * notify = exec COMMAND [ARG...]       the command, run without a shell, with the alert as JSON on stdin
 * </pre>
 */
sealed interface Notifier {

    /** The kind, as metrics label it: mail, webhook, exec. */
    String kind();

    /** Where it sends, for the log and {@code logq alerts}. */
    String target();

    record Mail(List<String> to) implements Notifier {
        @Override
        public String kind() {
            return "mail";
        }

        @Override
        public String target() {
            return String.join(",", to);
        }
    }

    record Webhook(URI url) implements Notifier {
        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public String target() {
            // the path of a chat webhook is its secret: the log shows only where it goes
            return url.getScheme() + "://" + url.getAuthority();
        }
    }

    record Exec(List<String> command) implements Notifier {
        @Override
        public String kind() {
            return "exec";
        }

        @Override
        public String target() {
            return command.getFirst();
        }
    }

    /** @throws IllegalArgumentException saying what a notify line looks like */
    static Notifier parse(String text) {
        String t = text.strip();
        int space = t.indexOf(' ');
        String kind = (space < 0 ? t : t.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : t.substring(space + 1).strip();
        switch (kind) {
            case "mail" -> {
                List<String> to = List.of(rest.split("\\s*,\\s*"));
                for (String address : to) {
                    if (!address.matches("[^@\\s<>,]+@[^@\\s<>,]+")) {
                        throw new IllegalArgumentException("'" + address + "' is not a mail address (notify = mail ops@example.com)");
                    }
                }
                return new Mail(to);
            }
            case "webhook" -> {
                URI url;
                try {
                    url = URI.create(rest);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + rest + "' is not a URL: " + e.getMessage());
                }
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    throw new IllegalArgumentException("'" + rest + "' is not an http:// or https:// URL (notify = webhook https://chat.example.com/hooks/KEY)");
                }
                return new Webhook(url);
            }
            case "exec" -> {
                List<String> command = Words.split(rest);
                if (command.isEmpty() || !command.getFirst().startsWith("/")) {
                    throw new IllegalArgumentException("exec needs a command with its absolute path (notify = exec /usr/local/bin/page-me --team ops)");
                }
                return new Exec(command);
            }
            default -> throw new IllegalArgumentException("'" + text + "' is not a notifier: give mail ADDRESS, webhook URL or exec COMMAND");
        }
    }
}
