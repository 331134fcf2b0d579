package dev.logq.collector.internal.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logq.collector.internal.net.Peer;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object as an event: the one place that decides which JSON fields mean what, for HTTP ingest
 * and for JSON lines sent to the syslog TCP listener.
 *
 * <p>The event model's own names (docs/design.md) are read first, then the names shippers use for the same thing (Elasticsearch
 * outputs of Vector, Fluent Bit and Filebeat, journald, Docker): {@code ts|@timestamp|timestamp|time},
 * {@code host|hostname|host.name}, {@code app|appname|program|ident|service}, {@code procid|pid},
 * {@code msgid}, {@code facility}, {@code severity|level|log.level}, {@code msg|message|log}, {@code sd}.
 * Every other field is kept, as it came (numbers stay numbers), in {@code fields}. An object without a
 * message gets its {@code fields} as message text, so it can still be found by grep-like queries.
 * Missing times are the receive time (a time without offset is UTC), a missing host is the sender's address, a
 * missing level is notice (as a syslog message without PRI).
 */
public final class JsonEvent {

    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    /** The parts of an event a JSON field can give. */
    private enum Part { TIME, HOST, APP, PROCID, MSGID, FACILITY, SEVERITY, MESSAGE, SD }

    private record Name(Part part, int rank) {}

    /** Each name that gives a part, with its rank among that part's names: the event model's name first (0). */
    private static final Map<String, Name> NAMES = names(Map.of(
            Part.TIME, List.of("ts", "@timestamp", "timestamp", "time"),
            Part.HOST, List.of("host", "hostname"),
            Part.APP, List.of("app", "appname", "program", "ident", "service"),
            Part.PROCID, List.of("procid", "pid"),
            Part.MSGID, List.of("msgid"),
            Part.FACILITY, List.of("facility"),
            Part.SEVERITY, List.of("severity", "level"),
            Part.MESSAGE, List.of("msg", "message", "log"),
            Part.SD, List.of("sd")));
    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");
    private static final String ECS_HOST_NAME = "host.name";
    private static final String ECS_LEVEL = "log.level";
    /** Fields an ingested event may not set: the receiving node gives them. */
    private static final Set<String> IDENTITY = Set.of("origin", "seq", "received", "source");

    private static Map<String, Name> names(Map<Part, List<String>> byPart) {
        Map<String, Name> names = new HashMap<>();
        byPart.forEach((part, list) -> {
            for (int i = 0; i < list.size(); i++) {
                names.put(list.get(i), new Name(part, i));
            }
        });
        return Map.copyOf(names);
    }

    private JsonEvent() {}

    /** A line that is not an event: why, in words for the sender. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** One line as an event, with no limit on the message text. */
    static Event parse(String line, Instant received, String peerHost, String source) throws Invalid {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, received, new Peer(peerHost, source), Integer.MAX_VALUE).event();
    }

    /**
     * The UTF-8 bytes {@code [offset, offset + length)} as an event, its message text cut to
     * {@code maxMessageBytes} (then flagged truncated). One pass over the tokens: the mapped fields are
     * read as values, the rest is copied as it streams by into {@code fields}, without building the
     * object first.
     *
     * @param peer the sender: its address is the host of an event that names none
     */
    public static Parsed parse(byte[] bytes, int offset, int length, Instant received, Peer peer, int maxMessageBytes) throws Invalid {
        JsonNode[] found = new JsonNode[Part.values().length];
        int[] foundRank = new int[found.length];
        JsonNode ecsHostName = null;
        JsonNode ecsLevel = null;
        String fields;
        try (JsonParser p = JSON.getFactory().createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Invalid("not a JSON object");
            }
            Rest rest = new Rest();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                Name mapped = NAMES.get(name);
                if (IDENTITY.contains(name)) {
                    p.skipChildren();
                } else if (value == JsonToken.START_OBJECT && (name.equals("host") || name.equals("log"))
                        || name.equals(ECS_HOST_NAME) || name.equals(ECS_LEVEL)) {
                    // Elastic Common Schema fields, nested ({"host":{"name":..}}) or flat ("host.name"), stay
                    // in fields; host.name names the host, log.level is the severity when no other field says
                    JsonNode v = p.readValueAsTree();
                    JsonNode hostName = name.equals("host") ? v.get("name") : name.equals(ECS_HOST_NAME) ? v : null;
                    JsonNode level = name.equals("log") ? v.get("level") : name.equals(ECS_LEVEL) ? v : null;
                    if (hostName != null && hostName.isTextual()) {
                        ecsHostName = hostName;
                    }
                    if (level != null && level.isTextual()) {
                        ecsLevel = level;
                    }
                    rest.generator().writeFieldName(name);
                    rest.generator().writeTree(v);
                } else if (mapped == null) {
                    rest.generator().writeFieldName(name);
                    rest.generator().copyCurrentStructure(p);
                } else {
                    JsonNode v = p.readValueAsTree();
                    int slot = mapped.part().ordinal();
                    // a JSON null counts as absent; of two names for a part the preferred one wins, of the same name the last
                    if (!v.isNull() && (found[slot] == null || mapped.rank() <= foundRank[slot])) {
                        found[slot] = v;
                        foundRank[slot] = mapped.rank();
                    }
                }
            }
            fields = rest.close();
        } catch (IOException e) {
            throw new Invalid("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        Instant ts = time(found[Part.TIME.ordinal()]);
        String host = text(ecsHostName != null ? ecsHostName : found[Part.HOST.ordinal()]);
        Severity severity = severity(found[Part.SEVERITY.ordinal()], ecsLevel);
        Facility facility = facility(found[Part.FACILITY.ordinal()]);
        Map<String, Map<String, String>> sd = sd(found[Part.SD.ordinal()]);
        JsonNode message = found[Part.MESSAGE.ordinal()];
        String whole = message != null ? text(message) : (fields != null ? fields : "");
        String msg = Utf8.cut(whole, maxMessageBytes);
        Event event = new Event(ts != null ? ts : received, received, host != null && !host.isEmpty() ? host : peer.host(),
                emptyToNull(text(found[Part.APP.ordinal()])), emptyToNull(text(found[Part.PROCID.ordinal()])),
                emptyToNull(text(found[Part.MSGID.ordinal()])), facility, severity, msg, sd, fields,
                null, Event.NO_SEQ, peer.source());
        return new Parsed(event, false, false, msg.length() < whole.length());
    }

    /** The fields no part of the event takes, written out as one JSON object as they stream by. */
    private static final class Rest {
        private StringWriter out;
        private JsonGenerator generator;

        JsonGenerator generator() throws IOException {
            if (generator == null) {
                out = new StringWriter(256);
                generator = JSON.getFactory().createGenerator(out);
                generator.writeStartObject();
            }
            return generator;
        }

        /** The object, or null if no field was left over. */
        String close() throws IOException {
            if (generator == null) {
                return null;
            }
            generator.writeEndObject();
            generator.close();
            return out.toString();
        }
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
            } else {  // the usual forms without DateTimeFormatter, which costs more than the rest of the line
                t = Timestamps.rfc3339(v.asText(), ZoneOffset.UTC);
                if (t == null) {
                    t = OffsetDateTime.parse(v.asText()).toInstant();
                }
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
        JsonNode level = v != null ? v : ecsLevel;
        if (level == null) {
            return Severity.NOTICE;  // as a syslog message without PRI (RFC 3164 section 4.3.3): one rule for every way in
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
