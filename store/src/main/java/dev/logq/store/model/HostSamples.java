package dev.logq.store.model;

import java.util.Set;

/**
 * Host-statistics samples: events of logq-perfmon or of the jsonperfmon fork (its syslog ident), whose
 * fields are one sample's numbers. The one place that names them, for the collector that recognises
 * them at ingest, the index that gives their numbers doc values of their own, and logq that asks for them.
 */
public final class HostSamples {

    /** The apps whose events are samples. */
    public static final Set<String> APPS = Set.of("logq-perfmon", "jsonperfmon");

    private HostSamples() {}

    /** Whether the event is a sample with fields. */
    public static boolean isSample(Event e) {
        return e.fields() != null && e.app() != null && APPS.contains(e.app());
    }
}
