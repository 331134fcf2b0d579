package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fs} section (-s): each mounted file system that stores data on a device or a server, once
 * per device (bind mounts and btrfs subvolumes share one), keyed as jsonperfmon keys it: the device's
 * name without its leading {@code /}, each {@code /} made {@code _} ({@code dev_vda1}, {@code srv:_export}).
 * Pseudo file systems (proc, tmpfs, overlay, squashfs...) are left out; jsonperfmon kept only ext*, xfs and nfs*.
 *
 * <table>
 * <caption>Fields of {@code fs.<device>}</caption>
 * <tr><th>field</th><th>meaning</th></tr>
 * <tr><td>{@code mount}</td><td>where it is mounted (the first place, in /proc/mounts order)</td></tr>
 * <tr><td>{@code type}</td><td>{@code "NFS"} for NFS, else {@code "LUN"}, as jsonperfmon wrote it</td></tr>
 * <tr><td>{@code fstype}</td><td>the kernel's name for the file system ({@code ext4}); not in jsonperfmon</td></tr>
 * <tr><td>{@code size_mb}</td><td>MiB, whole: blocks × fragment size</td></tr>
 * <tr><td>{@code free_pct}</td><td>%, whole: what df calls available, 100 minus df's Use% (which rounds
 *     up); jsonperfmon counted the blocks reserved for root as free (91% where df shows 31% available)</td></tr>
 * </table>
 *
 * A file system whose sizes cannot be read (gone, not allowed) is left out.
 */
final class FsSampler implements GroupSampler {

    /** Kernel names of file systems on a device or a server, beyond those whose source is a /dev path. */
    private static final Set<String> NETWORK_OR_POOLED = Set.of("nfs", "nfs4", "cifs", "smb3", "zfs", "ceph", "glusterfs");
    /** Devices that are not storage even though their source looks like a path. */
    private static final Set<String> PSEUDO = Set.of("squashfs", "iso9660", "udf", "overlay", "tmpfs", "devtmpfs", "ramfs");

    private record Mounted(String key, String mount, String fstype, long totalBytes, long freeBytes, long availableBytes) {}

    private final Path root;
    private final Path mounts;
    private final ProcFile file = new ProcFile();
    private List<Mounted> mounted = List.of();
    private Map<String, FileStore> stores = new HashMap<>();
    private boolean read;

    FsSampler(Path root) {
        this.root = root;
        this.mounts = root.resolve("proc/mounts");
    }

    @Override
    public void read() throws IOException {
        List<Mounted> now = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        if (file.load(mounts)) {
            while (file.nextLine()) {
                String device = unescape(file.nextWord(' '));
                String mount = unescape(file.nextWord(' '));
                String fstype = file.nextWord(' ');
                if (fstype == null || !isStorage(device, fstype) || !devices.add(device)) {
                    continue;
                }
                Mounted m = measure(key(device), mount, fstype);
                if (m != null) {
                    now.add(m);
                }
            }
        }
        mounted = now;
        read = true;
        if (stores.size() > now.size()) {
            Map<String, FileStore> kept = new HashMap<>();
            for (Mounted m : now) {
                kept.put(m.mount(), stores.get(m.mount()));
            }
            stores = kept;
        }
    }

    private static boolean isStorage(String device, String fstype) {
        if (PSEUDO.contains(fstype)) {
            return false;
        }
        return device.startsWith("/dev/") || NETWORK_OR_POOLED.contains(fstype);
    }

    private Mounted measure(String key, String mount, String fstype) {
        try {
            // Files.getFileStore reads the whole mount table to find the mount; a FileStore asks statvfs afresh
            // on each call, so one per mount point is kept (and dropped with the mount).
            FileStore store = stores.get(mount);
            if (store == null) {
                store = Files.getFileStore(root.resolve(mount.substring(1)));
                stores.put(mount, store);
            }
            return new Mounted(key, mount, fstype, store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException | SecurityException e) {
            stores.remove(mount);
            return null;
        }
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        if (!read || mounted.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("fs");
        for (Mounted m : mounted) {
            json.writeObjectFieldStart(m.key());
            json.writeStringField("mount", m.mount());
            json.writeStringField("type", m.fstype().startsWith("nfs") ? "NFS" : "LUN");
            json.writeStringField("fstype", m.fstype());
            json.writeNumberField("size_mb", m.totalBytes() >> 20);
            json.writeNumberField("free_pct", availablePercent(m.totalBytes(), m.freeBytes(), m.availableBytes()));
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /**
     * df's view: used = total - free; Use% = used / (used + available), rounded up; this is 100 minus
     * that. Blocks reserved for root are neither used nor available, so they count for neither.
     */
    static long availablePercent(long total, long free, long available) {
        long used = Math.max(0, total - free);
        long base = used + available;
        if (base <= 0) {
            return 0;
        }
        long usePercent = (used * 100 + base - 1) / base;
        return 100 - usePercent;
    }

    /** jsonperfmon's key: the device name without a leading '/', every '/' as '_'. */
    static String key(String device) {
        return (device.startsWith("/") ? device.substring(1) : device).replace('/', '_');
    }

    /** /proc/mounts writes space, tab, newline and backslash in names as octal escapes ({@code \040}). */
    static String unescape(String word) {
        if (word == null || word.indexOf('\\') < 0) {
            return word == null ? "" : word;
        }
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\\' && isOctal(word, i + 1)) {
                out.append((char) Integer.parseInt(word.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String word, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= word.length() || word.charAt(i) < '0' || word.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
