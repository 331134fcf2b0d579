package dev.logq.collector.internal.message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logq.store.model.Event;
import dev.logq.store.model.HostSamples;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Host statistics sent as syslog: logq-perfmon ({@code --to syslog}, relp://, syslog://) and the real
 * jsonperfmon through rsyslog send one JSON object as the message. Recognised by the app name and a
 * message that is exactly one JSON object, that object becomes the event's fields (the message is kept as
 * it came), so its numbers are indexed under their dotted paths ({@code cpu_total.physique.user_pct},
 * {@code disks.vda.busy_pct}) like any JSON event's, and {@code logq stats} reads them from the index
 * without parsing JSON. A message that is not valid JSON (jsonperfmon did not escape process names) stays text.
 */
public final class HostStats {

    private HostStats() {}

    /**
     * One of this node's own samples ({@code logqd --self-stats}) as the event the agent's would be
     * when sent as syslog: app logq-perfmon, local1.info, the JSON as message and fields.
     */
    public static Event own(String json, String host, Instant now) {
        return new Event(now, now, host, "logq-perfmon", Long.toString(ProcessHandle.current().pid()), null, Facility.LOCAL1,
                Severity.INFO, json, Map.of(), json, null, Event.NO_SEQ, "self-stats");
    }

    /** The event with its message as its fields if it is a sample, else the event as it is. */
    static Event recognised(Event e) {
        if (e.fields() != null || e.app() == null || !HostSamples.APPS.contains(e.app())) {
            return e;
        }
        String msg = e.msg().strip();
        if (msg.length() < 2 || msg.charAt(0) != '{' || msg.charAt(msg.length() - 1) != '}' || !isOneObject(msg)) {
            return e;
        }
        return new Event(e.ts(), e.received(), e.host(), e.app(), e.procid(), e.msgid(), e.facility(), e.severity(), e.msg(),
                e.sd(), msg, e.origin(), e.seq(), e.source());
    }

    private static boolean isOneObject(String text) {
        try (JsonParser p = JsonEvent.JSON.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
