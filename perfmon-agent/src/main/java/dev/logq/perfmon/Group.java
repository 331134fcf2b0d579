package dev.logq.perfmon;

/**
 * The jsonperfmon groups this agent can emit, in output order. The JSON name is part of the interface:
 * people already parse jsonperfmon's lines, so it never changes.
 */
enum Group {
    /** {@code -t}: whole-machine CPU, context switches, run queue, load average. */
    CPU_TOTAL("cpu_total", new CpuTotalWriter()),
    /** {@code -u}: per-CPU time shares. */
    CPUS("cpus", new CpusWriter()),
    /** {@code -m}: memory sizes, paging and swapping rates, huge pages, swap use. */
    MEMORY("memory", new MemoryWriter());

    private final String jsonName;
    private final GroupWriter writer;

    Group(String jsonName, GroupWriter writer) {
        this.jsonName = jsonName;
        this.writer = writer;
    }

    /** The group's key in the output object. */
    String jsonName() {
        return jsonName;
    }

    GroupWriter writer() {
        return writer;
    }

    /** Whether the group needs /proc/stat. */
    boolean readsStat() {
        return this == CPU_TOTAL || this == CPUS;
    }
}
