package dev.logq.perfmon;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * The syslog headers put before an object: local1.info (PRI 142) and the tag {@code logq-perfmon}, as the
 * jsonperfmon fork logs with {@code openlog("jsonperfmon", LOG_PID, LOG_LOCAL1)} and {@code LOG_INFO}.
 */
final class SyslogHeader {

    static final String TAG = "logq-perfmon";
    private static final int PRI = 17 * 8 + 6;
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();

    SyslogHeader(ZoneId zone, String hostname) {
        this.zone = zone;
        // RFC 5424's HOSTNAME is printable US-ASCII without spaces
        this.hostname = hostname.replaceAll("[^!-~]", "_");
    }

    /** What syslog(3) sends to /dev/log: {@code <142>Dec  1 21:50:00 logq-perfmon[PID]: JSON}, local time, no host. */
    byte[] local(byte[] json, int length, long second) {
        String head = "<" + PRI + ">" + BSD.format(Instant.ofEpochSecond(second).atZone(zone)) + " " + TAG + "[" + pid + "]: ";
        return join(head, json, length);
    }

    /** RFC 5424: {@code <142>1 2026-12-01T21:50:00Z HOST logq-perfmon PID - - JSON}. */
    byte[] rfc5424(byte[] json, int length, long second) {
        String head = "<" + PRI + ">1 " + Instant.ofEpochSecond(second) + " " + hostname + " " + TAG + " " + pid + " - - ";
        return join(head, json, length);
    }

    private static byte[] join(String head, byte[] json, int length) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = Arrays.copyOf(h, h.length + length);
        System.arraycopy(json, 0, frame, h.length, length);
        return frame;
    }
}
