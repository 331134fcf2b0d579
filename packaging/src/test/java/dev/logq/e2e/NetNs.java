package dev.logq.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of the test's own, joined to this one by a veth pair with a /30 of a test network
 * ({@code 10.213.N.0/30}, N chosen so that no address of this host is in it): {@link #outside} is this
 * namespace's end, {@link #inside} the namespace's. Nothing is routed beyond the pair, so traffic to
 * these addresses never leaves the machine. Needs root; {@link #create} says why when it cannot.
 */
final class NetNs implements AutoCloseable {

    final String name;
    final String outside;
    final String inside;
    private final String outsideLink;
    private final String insideLink;

    private NetNs(String name, String outside, String inside) {
        this.name = name;
        this.outside = outside;
        this.inside = inside;
        this.outsideLink = name + "-o";
        this.insideLink = name + "-i";
    }

    /** Why namespaces cannot be made here, or null if they can (root with ip(8)). */
    static String unavailable() {
        Run id = Run.of(List.of("id", "-u"));
        if (!id.out().strip().equals("0")) {
            return "network namespaces need root (CI runs as root); this runs as uid " + id.out().strip();
        }
        Run ip = Run.of(List.of("sh", "-c", "command -v ip"));
        return ip.exit() == 0 ? null : "ip(8) is not installed (packaging/dev installs iproute2)";
    }

    static NetNs create() {
        String used = Run.of(List.of("ip", "-o", "-4", "addr", "show")).out();
        int n;
        do {
            n = ThreadLocalRandom.current().nextInt(256);
        } while (used.contains(" 10.213." + n + "."));
        NetNs ns = new NetNs("lq" + ProcessHandle.current().pid() % 100000 + "x" + n, "10.213." + n + ".1", "10.213." + n + ".2");
        try {
            ns.ip("netns", "add", ns.name);
            ns.ip("link", "add", ns.outsideLink, "type", "veth", "peer", "name", ns.insideLink);
            ns.ip("link", "set", ns.insideLink, "netns", ns.name);
            ns.ip("addr", "add", ns.outside + "/30", "dev", ns.outsideLink);
            ns.ip("link", "set", ns.outsideLink, "up");
            ns.ipInside("addr", "add", ns.inside + "/30", "dev", ns.insideLink);
            ns.ipInside("link", "set", ns.insideLink, "up");
            ns.ipInside("link", "set", "lo", "up");
        } catch (AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** A command prefix that runs a program inside the namespace (ip netns exec replaces itself with it). */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Cuts the pair from inside the namespace: packets in flight and after are lost, no side hears a reset. */
    void cut() {
        ipInside("link", "set", insideLink, "down");
    }

    void restore() {
        ipInside("link", "set", insideLink, "up");
    }

    private void ipInside(String... args) {
        List<String> command = new ArrayList<>(exec());
        command.add("ip");
        command.addAll(List.of(args));
        run(command);
    }

    private void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) {
        Run r = Run.of(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + r);
        }
    }

    /** Deletes the namespace and the pair; processes still inside should have ended. */
    @Override
    public void close() {
        Run.of(List.of("ip", "link", "del", outsideLink));
        Run.of(List.of("ip", "netns", "del", name));
    }
}
