package dev.logq.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logq.store.Event;
import dev.logq.store.Facility;
import dev.logq.store.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object as an event: the one place that decides which JSON fields mean what, for HTTP ingest
 * and for JSON lines sent to the syslog TCP listener.
 *
 * <p>The DESIGN.md names are read first, then the names shippers use for the same thing (Elasticsearch
 * outputs of Vector, Fluent Bit and Filebeat, journald, Docker): {@code ts|@timestamp|timestamp|time},
 * {@code host|hostname|host.name}, {@code app|appname|program|ident|service}, {@code procid|pid},
 * {@code msgid}, {@code facility}, {@code severity|level|log.level}, {@code msg|message|log}, {@code sd}.
 * Every other field is kept, as it came (numbers stay numbers), in {@code fields}. An object without a
 * message gets its {@code fields} as message text, so it can still be found by grep-like queries.
 * Missing times are the receive time, a missing host is the sender's address.
 */
public final class JsonEvent {

    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    // in order of preference: the DESIGN.md name first
    private static final List<String> TIME = List.of("ts", "@timestamp", "timestamp", "time");
    private static final List<String> APP = List.of("app", "appname", "program", "ident", "service");
    private static final List<String> PROCID = List.of("procid", "pid");
    private static final List<String> MSGID = List.of("msgid");
    private static final List<String> FACILITY = List.of("facility");
    private static final List<String> SEVERITY = List.of("severity", "level");
    private static final List<String> MESSAGE = List.of("msg", "message", "log");
    private static final List<String> SD = List.of("sd");
    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");
    /** Fields an ingested event may not set: the receiving node gives them. */
    private static final Set<String> IDENTITY = Set.of("origin", "seq", "received", "source");

    private JsonEvent() {}

    /** A line that is not an event: why, in words for the sender. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static Event parse(String line, Instant received, String peerHost, String source) throws Invalid {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, received, peerHost, source);
    }

    /** As {@link #parse(String, Instant, String, String)}, on the UTF-8 bytes {@code [offset, offset + length)}. */
    public static Event parse(byte[] bytes, int offset, int length, Instant received, String peerHost, String source) throws Invalid {
        JsonNode node;
        try {
            node = JSON.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new Invalid("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("not a JSON object");
        }
        return of((ObjectNode) node, received, peerHost, source);
    }

    /** Takes {@code object} apart: the fields it maps are removed from it, the rest become {@code fields}. */
    static Event of(ObjectNode object, Instant received, String peerHost, String source) throws Invalid {
        JsonNode ecsLevel = object.path("log").path("level");
        ObjectNode rest = object;
        Instant ts = time(take(rest, TIME));
        String host = hostName(rest);
        String app = text(take(rest, APP));
        String procid = text(take(rest, PROCID));
        String msgid = text(take(rest, MSGID));
        Facility facility = facility(take(rest, FACILITY));
        Severity severity = severity(take(rest, SEVERITY), ecsLevel);
        JsonNode message = rest.path("log").isObject() ? take(rest, List.of("msg", "message")) : take(rest, MESSAGE);
        Map<String, Map<String, String>> sd = sd(take(rest, SD));
        for (String name : IDENTITY) {
            rest.remove(name);
        }
        String fields = rest.isEmpty() ? null : rest.toString();
        String msg = message != null ? (message.isTextual() ? message.asText() : message.toString())
                : (fields != null ? fields : "");
        return new Event(ts != null ? ts : received, received, host != null && !host.isEmpty() ? host : peerHost,
                emptyToNull(app), emptyToNull(procid), emptyToNull(msgid), facility, severity, msg, sd, fields,
                null, Event.NO_SEQ, source);
    }

    /** Removes every one of {@code names} and returns the first present (a JSON null counts as absent). */
    private static JsonNode take(ObjectNode object, List<String> names) {
        JsonNode found = null;
        for (String name : names) {
            JsonNode v = object.remove(name);
            if (found == null && v != null && !v.isNull()) {
                found = v;
            }
        }
        return found;
    }

    /** {@code host} as text, or the Elastic Common Schema's {@code host.name} (the object stays in fields), or {@code hostname}. */
    private static String hostName(ObjectNode rest) {
        JsonNode host = rest.get("host");
        if (host != null && host.isObject()) {
            JsonNode name = host.path("name");
            JsonNode hostname = rest.remove("hostname");
            return name.isTextual() ? name.asText() : text(hostname);
        }
        return text(take(rest, List.of("host", "hostname")));
    }

    private static Instant time(JsonNode v) throws Invalid {
        if (v == null) {
            return null;
        }
        try {
            Instant t;
            if (v.isNumber()) {
                // seconds since the epoch, or milliseconds if it is too large to be seconds
                double d = v.asDouble();
                t = d > 1e11 ? Instant.ofEpochMilli((long) d) : Instant.ofEpochSecond((long) d, (long) ((d % 1) * 1e9));
            } else {
                t = OffsetDateTime.parse(v.asText()).toInstant();
            }
            if (!t.isBefore(YEAR_0) && t.isBefore(YEAR_10000)) {  // the four-digit years of RFC 3339
                return t;
            }
        } catch (DateTimeException | ArithmeticException e) {  // unparsable, or beyond the years Instant holds
            // said below, as for a time out of range
        }
        throw new Invalid("time '" + v.asText() + "' is not RFC 3339 (e.g. 2026-11-30T12:00:00.123Z) or epoch seconds");
    }

    private static Severity severity(JsonNode v, JsonNode ecsLevel) throws Invalid {
        JsonNode level = v != null ? v : (ecsLevel.isTextual() ? ecsLevel : null);
        if (level == null) {
            return Severity.INFO;
        }
        try {
            return switch (level.asText().toLowerCase(java.util.Locale.ROOT)) {
                case "fatal" -> Severity.CRIT;
                case "trace" -> Severity.DEBUG;
                default -> Severity.parse(level.asText());
            };
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Facility facility(JsonNode v) throws Invalid {
        if (v == null) {
            return Facility.USER;
        }
        try {
            return Facility.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Map<String, Map<String, String>> sd(JsonNode v) throws Invalid {
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new Invalid("sd must be an object of objects, e.g. {\"origin@32473\":{\"ip\":\"192.0.2.1\"}}");
        }
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        for (var element : v.properties()) {
            if (!element.getValue().isObject()) {
                throw new Invalid("sd element '" + element.getKey() + "' must be an object of parameters");
            }
            Map<String, String> params = new LinkedHashMap<>();
            element.getValue().properties().forEach(p -> params.put(p.getKey(), p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString()));
            sd.put(element.getKey(), params);
        }
        return sd;
    }

    private static String text(JsonNode v) {
        return v == null ? null : (v.isTextual() ? v.asText() : v.toString());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
