package dev.logq.collector.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logq.collector.internal.alert.Alerts;
import dev.logq.store.model.Units;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The alert rules over HTTP, for {@code logq alerts}:
 *
 * <pre>
 * GET  /api/v1/alerts                          the rules and their state, the refused ones (one JSON object)
 * POST /api/v1/alerts/test?rule=NAME           what the rule would send over the last hour, sending nothing (JSON lines)
 * POST /api/v1/alerts/silence?rule=NAME&amp;for=2h  no notifications from it for that long; for=0 lifts a silence
 * </pre>
 */
final class AlertsEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertsEndpoint() {}

    static void handle(HttpApi api, ChannelHandlerContext ctx, QueryStringDecoder uri, boolean keepAlive, boolean get, boolean post) {
        Alerts alerts = api.alerts();
        String path = uri.path();
        if (alerts == null) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                    "this logqd has no alert rules: start it with --alerts DIR (the packaged config has /etc/logq/alerts.d)");
            return;
        }
        switch (path) {
            case "/api/v1/alerts" -> {
                if (!get) {
                    Responses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET");
                    return;
                }
                Responses.json(ctx, keepAlive, HttpResponseStatus.OK, json(alerts.status()));
            }
            case "/api/v1/alerts/test", "/api/v1/alerts/silence" -> {
                if (!post) {
                    Responses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
                    return;
                }
                String rule = param(uri, "rule");
                if (rule == null) {
                    Responses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "give rule=NAME");
                } else if (path.endsWith("/test")) {
                    test(api, alerts, ctx, keepAlive, rule);
                } else {
                    silence(alerts, ctx, keepAlive, rule, param(uri, "for"));
                }
            }
            default -> Responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                    "no such endpoint " + path + " (try /api/v1/alerts, /api/v1/alerts/test, /api/v1/alerts/silence)");
        }
    }

    private static void test(HttpApi api, Alerts alerts, ChannelHandlerContext ctx, boolean keepAlive, String rule) {
        try {
            api.queries().execute(() -> {
                try {
                    List<String> lines = alerts.testLines(rule);
                    if (lines == null) {
                        Responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, noRule(rule));
                    } else {
                        Responses.send(ctx, keepAlive, HttpResponseStatus.OK, "application/x-ndjson",
                                lines.stream().map(l -> l + "\n").reduce("", String::concat));
                    }
                } catch (IOException | RuntimeException e) {
                    Responses.error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the test failed: " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException busy) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many searches at once; try again");
        }
    }

    private static void silence(Alerts alerts, ChannelHandlerContext ctx, boolean keepAlive, String rule, String span) {
        Duration d;
        try {
            d = span == null || span.equals("0") ? Duration.ZERO : Units.duration(span);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "for=" + span + ": " + e.getMessage());
            return;
        }
        if (!alerts.silence(rule, d)) {
            Responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, noRule(rule));
            return;
        }
        Responses.json(ctx, keepAlive, HttpResponseStatus.OK, json(alerts.status()));
    }

    private static String noRule(String rule) {
        return "no rule " + rule + " here (logq alerts lists them)";
    }

    private static String param(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
