package dev.logq.store.internal.index;

import dev.logq.store.model.Event;
import java.io.ByteArrayOutputStream;
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

    private ContentHash() {}

    public static long of(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + e.msg().length());
        writeLong(out, e.ts().getEpochSecond());
        writeLong(out, e.ts().getNano());
        write(out, e.host());
        write(out, e.app());
        write(out, e.procid());
        write(out, e.msg());
        byte[] bytes = out.toByteArray();
        long[] h = StringHelper.murmurhash3_x64_128(bytes, 0, bytes.length, 0);
        return h[0] ^ h[1];
    }

    private static void write(ByteArrayOutputStream out, String s) {
        if (s == null) {
            writeLong(out, -1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeLong(out, b.length);
        out.writeBytes(b);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }
}
