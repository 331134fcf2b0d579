package dev.logq.collector.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Messages as real senders put them on the wire, captured on this machine from rsyslog 8.2302
 * (omfwd), util-linux logger 2.38.1 and syslog-ng's loggen 3.38.1 into a plain socket.
 */
public final class Samples {

    private Samples() {
    }

    // rsyslog omfwd, template RSYSLOG_SyslogProtocol23Format (RFC 5424), input from logger --rfc3164: note the double space
    public static final String RSYSLOG_5424_FROM_3164 = "<13>1 2026-11-24T09:26:23+00:00 vm app3164 6328 - -  from 3164 input";
    public static final String RSYSLOG_5424_FROM_5424 =
            "<13>1 2026-11-24T09:26:23.779394+00:00 vm app5424 - M1 [timeQuality tzKnown=\"1\" isSynced=\"0\"] from 5424 input";
    public static final String RSYSLOG_5424_NO_SD = "<13>1 2026-11-24T09:26:23.781094+00:00 vm app5424 - - - from 5424 input nosd";
    public static final String RSYSLOG_5424_SPACE_PADDED_DAY = "<14>1 2026-11-04T09:00:00+00:00 myhost single - - -  digit day";
    // rsyslog omfwd, template RSYSLOG_ForwardFormat (RFC 3164 header with an RFC 3339 timestamp)
    public static final String RSYSLOG_FORWARD = "<13>2026-11-24T09:26:23+00:00 vm app3164[6328]: from 3164 input";
    public static final String RSYSLOG_FORWARD_TAG_WITHOUT_COLON = "<13>2026-11-24T09:26:23.779394+00:00 vm app5424 from 5424 input";
    // rsyslog omfwd, template RSYSLOG_TraditionalForwardFormat
    public static final String RSYSLOG_TRADITIONAL = "<14>Nov  4 09:00:00 myhost single: digit day";
    // util-linux logger
    public static final String LOGGER_5424 = "<13>1 2026-11-24T09:24:44.767791+00:00 vm myapp 4242 - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello 5424 world";
    public static final String LOGGER_5424_SD = "<13>1 2026-11-24T09:24:47.083857+00:00 vm myapp - MID "
            + "[timeQuality tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry\\\"x\"] with sd";
    public static final String LOGGER_5424_NOTIME_NOHOST = "<13>1 - - myapp - - - notime nohost";
    public static final String LOGGER_3164 = "<13>Nov 24 09:24:49 vm myapp: hello 3164";
    public static final String LOGGER_3164_UDP_FACILITY = "<156>Nov 24 09:24:58 vm root: udp 3164 no tag";
    // logger to a local socket (-u): no hostname
    public static final String LOGGER_LOCAL = "<13>Nov 24 09:26:12 mytag: unix no host";
    public static final String LOGGER_LOCAL_PID = "<13>Nov 24 09:26:12 mytag[6217]: unix with pid";
    // loggen (syslog-ng): -P sends a BOM before MSG; without -P an RFC 3339 timestamp without offset
    public static final String LOGGEN_5424 = "<38>1 2026-11-24T09:25:44+00:00 localhost prg00000 1234 - - \uFEFFseq: 0000000000, "
            + "thread: 0000, runid: 1795512344, stamp: 2026-11-24T09:25:44 PADDPADDPADD";
    public static final String LOGGEN_5424_SD = "<38>1 2026-11-24T09:25:19+00:00 localhost prg00000 1234 - [test name=\"va\\]l\\\"ue\"] "
            + "\uFEFFseq: 0000000000, thread: 0000, runid: 1795512319, stamp: 2026-11-24T09:25:19 PADD";
    public static final String LOGGEN_3164 = "<38>2026-11-24T09:25:41 localhost prg00000[1234]: seq: 0000000000, thread: 0000, "
            + "runid: 1795512341, stamp: 2026-11-24T09:25:41 PADDPADDPADD";

    public static final List<String> ALL = List.of(RSYSLOG_5424_FROM_3164, RSYSLOG_5424_FROM_5424, RSYSLOG_5424_NO_SD,
            RSYSLOG_5424_SPACE_PADDED_DAY, RSYSLOG_FORWARD, RSYSLOG_FORWARD_TAG_WITHOUT_COLON, RSYSLOG_TRADITIONAL,
            LOGGER_5424, LOGGER_5424_SD, LOGGER_5424_NOTIME_NOHOST, LOGGER_3164, LOGGER_3164_UDP_FACILITY, LOGGER_LOCAL,
            LOGGER_LOCAL_PID, LOGGEN_5424, LOGGEN_5424_SD, LOGGEN_3164);

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Octet-counted framing as rsyslog omfwd (RFC 5424 template) and loggen -P send it: the count includes a trailing LF. */
    public static byte[] octetFrame(String message) {
        byte[] body = utf8(message + "\n");
        return concat(utf8(body.length + " "), body);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
