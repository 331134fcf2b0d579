package dev.logq.store.internal.index;

import dev.logq.store.model.Event;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.util.StringHelper;

/**
 * A 64-bit hash of what makes events copies of one sending ({@link dev.logq.store.model.Copies}): ts,
 * host, app, procid and msg, each length-prefixed so that no two contents share an encoding. Indexed
 * as a doc value so that counting can collapse copies without reading events; two different contents
 * with the same timestamp would have to collide in 64 bits of MurmurHash3 to be taken for copies.
 *
 * <p>The bytes hashed, which every index holds the hash of and so must not change: the epoch second and
 * the nanosecond as big-endian longs, then for host, app, procid and msg in turn the UTF-8 length as a
 * big-endian long and the UTF-8 bytes, or the long -1 for a missing one.
 */
public final class ContentHash {

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ContentHash() {}

    public static long of(Event e) {
        byte[] host = utf8(e.host());
        byte[] app = utf8(e.app());
        byte[] procid = utf8(e.procid());
        byte[] msg = utf8(e.msg());
        // one array of the exact size, written in place: it runs for every event indexed and counted
        byte[] b = new byte[6 * Long.BYTES + length(host) + length(app) + length(procid) + length(msg)];
        int at = putLong(b, 0, e.ts().getEpochSecond());
        at = putLong(b, at, e.ts().getNano());
        at = put(b, at, host);
        at = put(b, at, app);
        at = put(b, at, procid);
        put(b, at, msg);
        long[] h = StringHelper.murmurhash3_x64_128(b, 0, b.length, 0);
        return h[0] ^ h[1];
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** The length as a long, then the bytes; a null string is the length -1 and nothing else. */
    private static int put(byte[] into, int at, byte[] b) {
        if (b == null) {
            return putLong(into, at, -1);
        }
        at = putLong(into, at, b.length);
        System.arraycopy(b, 0, into, at, b.length);
        return at + b.length;
    }

    private static int putLong(byte[] into, int at, long v) {
        BIG_ENDIAN_LONG.set(into, at, v);
        return at + Long.BYTES;
    }
}
