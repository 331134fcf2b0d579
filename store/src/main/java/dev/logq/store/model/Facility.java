package dev.logq.store.model;

import java.util.Locale;

/** Syslog facility (RFC 5424 section 6.2.1); the ordinal is the numeric code. Names follow rsyslog. */
public enum Facility {
    KERN, USER, MAIL, DAEMON, AUTH, SYSLOG, LPR, NEWS, UUCP, CRON, AUTHPRIV, FTP, NTP, AUDIT, ALERT, CLOCK,
    LOCAL0, LOCAL1, LOCAL2, LOCAL3, LOCAL4, LOCAL5, LOCAL6, LOCAL7;

    private static final Facility[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    /** Lower-case name as used in JSON ({@code "local1"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Facility ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("facility code " + code + " is not in 0..23");
        }
        return BY_CODE[code];
    }

    public static Facility parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (Facility f : BY_CODE) {
            if (f.label().equals(s)) {
                return f;
            }
        }
        return switch (s) {
            case "security" -> AUTH;
            case "cron2", "solaris-cron" -> CLOCK;
            default -> {
                try {
                    yield ofCode(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown facility '" + text + "' (use kern, user, ..., local0..local7 or 0..23)");
                }
            }
        };
    }
}
