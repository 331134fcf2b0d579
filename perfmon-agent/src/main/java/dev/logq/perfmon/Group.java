package dev.logq.perfmon;

import java.util.List;

/**
 * jsonperfmon's groups: what one command-line flag turns on, each with its own period. A group prints one
 * or more sections, the top-level keys of the output object; the order of the constants is the order of
 * the keys. The names are part of the interface (people already parse jsonperfmon's lines), so they never change.
 */
enum Group {
    /** {@code -t}: whole-machine CPU, context switches, run queue, load average. */
    CPU_TOTAL('t', "cpu_total"),
    /** {@code -u}: per-CPU time shares. */
    CPUS('u', "cpus"),
    /** {@code -m}: memory sizes, paging and swapping rates, huge pages, swap use. */
    MEMORY('m', "memory"),
    /** {@code -s}: storage, block devices and mounted file systems. */
    STORAGE('s', "disks", "fs"),
    /** {@code -n}: the NFS client; version 3 only (see {@link NfsSampler}). */
    NFS('n', "nfsv3"),
    /** {@code -i}: IO adapters, the network interfaces. */
    ADAPTERS('i', "intfs"),
    /** {@code -p}: the busiest processes by CPU and by memory. */
    PROCESSES('p', "processes");

    private final char flag;
    private final List<String> sections;

    Group(char flag, String... sections) {
        this.flag = flag;
        this.sections = List.of(sections);
    }

    /** The short option that sets this group's period: {@code -t} for cpu_total. */
    char flag() {
        return flag;
    }

    /** The keys this group writes into an object, in order. */
    List<String> sections() {
        return sections;
    }

    /** The group a flag letter sets, or null. */
    static Group ofFlag(char flag) {
        for (Group group : values()) {
            if (group.flag == flag) {
                return group;
            }
        }
        return null;
    }
}
