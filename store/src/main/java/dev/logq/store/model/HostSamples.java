package dev.logq.store.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host-statistics samples: events of logq-perfmon or of the jsonperfmon fork (its syslog ident), whose
 * fields are one sample's numbers. The one place that names them, for the collector that recognises
 * them at ingest, the index that gives their numbers doc values of their own, and logq that asks for them.
 */
public final class HostSamples {

    /** The apps whose events are samples. */
    public static final Set<String> APPS = Set.of("logq-perfmon", "jsonperfmon");

    private HostSamples() {}

    /**
     * What a field name with {@code *} asks for ({@code disks.*.busy_pct}): {@code *} matches any part of
     * a name, dots included; everything else matches itself. The one reading of such a name, for the node
     * that matches it against its samples' fields and for logq that matches other events' names.
     */
    public static Pattern namePattern(String glob) {
        return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    /** Whether the event is a sample with fields. */
    public static boolean isSample(Event e) {
        return e.fields() != null && e.app() != null && APPS.contains(e.app());
    }
}
