package dev.logq.store.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One log event, as docs/design.md defines it. Field names are the JSON names used on the wire, in
 * {@code -o json} and in the HTTP API.
 *
 * <p>An event gets its identity {@code (origin, seq)} when the first node that receives it appends it
 * to its journal; before that {@code origin} is {@code null} and {@code seq} is {@link #NO_SEQ}.
 *
 * @param ts        when the event happened (from the message, else {@code received})
 * @param received  when the collector received it
 * @param host      sending host (from the message, else the sender's address); never null
 * @param app       application name or syslog tag, or null
 * @param procid    process id as sent (a string in RFC 5424), or null
 * @param msgid     RFC 5424 MSGID, or null
 * @param facility  syslog facility; producers default it (syslog without PRI: user)
 * @param severity  syslog severity; producers default it (syslog without PRI: notice)
 * @param msg       the message text; never null
 * @param sd        RFC 5424 structured data: SD-ID to its parameters, in order; empty if none
 * @param fields    extra fields as the text of one JSON object (numbers kept as numbers), or null
 * @param origin    name of the node that first stored the event, or null before that
 * @param seq       sequence number at the origin node, or {@link #NO_SEQ}
 * @param source    how it arrived: transport and peer address, such as {@code "tcp 127.0.0.1:40312"}
 */
public record Event(
        Instant ts,
        Instant received,
        String host,
        String app,
        String procid,
        String msgid,
        Facility facility,
        Severity severity,
        String msg,
        Map<String, Map<String, String>> sd,
        String fields,
        String origin,
        long seq,
        String source) {

    public static final long NO_SEQ = -1;
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public Event {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(msg, "msg");
        sd = sd == null ? Map.of() : sd;
    }

    /** Whether {@code name} may name a node (an {@code origin}): 1-63 letters, digits, '.', '_' or '-', not starting with a sign. */
    public static boolean isNodeName(String name) {
        return name != null && NODE_NAME.matcher(name).matches();
    }

    /** This event with the identity the journal gave it. */
    public Event withIdentity(String origin, long seq) {
        return new Event(ts, received, host, app, procid, msgid, facility, severity, msg, sd, fields, origin, seq, source);
    }
}
