package dev.logq.perfmon;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one place that says which {@link GroupSampler} reads each {@link Group}. */
final class Samplers {

    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux ABI logq runs on. */
    static final long TICKS_PER_SECOND = 100;

    private Samplers() {}

    /**
     * A sampler for each group, in output order.
     *
     * @throws IllegalArgumentException if a file a group cannot do without is missing under {@code root}
     */
    static Map<Group, GroupSampler> of(Set<Group> groups, Path root, InstantSource clock, Pacer pacer) throws IOException {
        Map<Group, GroupSampler> samplers = new EnumMap<>(Group.class);
        for (Group group : groups) {
            samplers.put(group, switch (group) {
                case CPU_TOTAL -> reading(group, new CpuTotalWriter(), root, clock, pacer);
                case CPUS -> reading(group, new CpusWriter(), root, clock, pacer);
                case MEMORY -> reading(group, new MemoryWriter(), root, clock, pacer);
                case STORAGE -> both(new DisksSampler(root, pacer), new FsSampler(root));
                case NFS -> new NfsSampler(root, pacer);
                case ADAPTERS -> new IntfsSampler(root, pacer);
                case PROCESSES -> new ProcessesSampler(root, pacer, TICKS_PER_SECOND, pageBytes(root));
            });
        }
        return samplers;
    }

    private static GroupSampler reading(Group group, GroupWriter writer, Path root, InstantSource clock, Pacer pacer) {
        return new ReadingSampler(group.sections().get(0), new HostReader(root, EnumSet.of(group), clock, pacer), writer);
    }

    private static GroupSampler both(GroupSampler first, GroupSampler second) {
        return new GroupSampler() {
            @Override
            public void read() throws IOException {
                first.read();
                second.read();
            }

            @Override
            public void write(JsonGenerator json) throws IOException {
                first.write(json);
                second.write(json);
            }
        };
    }

    /**
     * The page size, the unit of a process's rss: the first {@code KernelPageSize} of proc/self/smaps
     * under the root, else 4 KiB (x86-64, and arm64 as Debian builds it).
     */
    static long pageBytes(Path root) throws IOException {
        ProcFile file = new ProcFile();
        if (file.load(root.resolve("proc/self/smaps"))) {
            while (file.nextLine()) {
                if (file.startsWith("KernelPageSize:")) {
                    long kb = file.nextLong();
                    return kb > 0 ? kb * 1024 : 4096;
                }
            }
        }
        return 4096;
    }
}
