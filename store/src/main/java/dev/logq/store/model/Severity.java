package dev.logq.store.model;

import java.util.Locale;

/** Syslog severity (RFC 5424 section 6.2.1); the ordinal is the numeric code, lower is worse. */
public enum Severity {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    private static final Severity[] BY_CODE = values();
    private final String label = name().toLowerCase(Locale.ROOT);

    public int code() {
        return ordinal();
    }

    /** Lower-case name as used on the wire and in JSON ({@code "warning"}). */
    public String label() {
        return label;
    }

    public static Severity ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("severity code " + code + " is not in 0..7");
        }
        return BY_CODE[code];
    }

    /**
     * Parses a name, a common alias or a number, the way journalctl and syslog tools spell them:
     * {@code emerg|panic, alert, crit, err|error, warning|warn, notice, info, debug, 0..7}.
     */
    public static Severity parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "emerg", "emergency", "panic", "0" -> EMERG;
            case "alert", "1" -> ALERT;
            case "crit", "critical", "2" -> CRIT;
            case "err", "error", "3" -> ERR;
            case "warning", "warn", "4" -> WARNING;
            case "notice", "5" -> NOTICE;
            case "info", "informational", "6" -> INFO;
            case "debug", "7" -> DEBUG;
            default -> throw new IllegalArgumentException(
                    "unknown severity '" + text + "' (use emerg, alert, crit, err, warning, notice, info, debug or 0..7)");
        };
    }
}
