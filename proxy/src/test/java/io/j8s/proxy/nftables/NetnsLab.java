package io.j8s.proxy.nftables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a test makes and removes: nodes with a pod bridge, pods on it running
 * {@code busybox httpd} that answer their name, links between nodes. Nothing routes out of them.
 */
final class NetnsLab implements AutoCloseable {

    private final String prefix = "j8sp" + (ProcessHandle.current().pid() % 100000) + "-";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final Path dir;
    private int links;

    NetnsLab() throws IOException {
        dir = Files.createTempDirectory("j8s-proxy-lab");
    }

    /** The netns' full name. */
    String ns(String name) {
        return prefix + name;
    }

    /** The command prefix that runs a command in {@code name}. */
    List<String> exec(String name) {
        return List.of("ip", "netns", "exec", ns(name));
    }

    /** A node: a netns with a bridge holding {@code gatewayCidr} (10.244.1.1/24), forwarding on. */
    void node(String name, String gatewayCidr) {
        addNs(name);
        sh(name, "ip link add br0 type bridge && ip addr add " + gatewayCidr + " dev br0 && ip link set br0 up"
                + " && sysctl -qw net.ipv4.ip_forward=1");
    }

    /** A pod on {@code node}'s bridge with {@code ip}/24, hairpin on its port, serving its name on 8080. */
    void pod(String node, String name, String ip, String gateway) throws IOException {
        addNs(name);
        String veth = "v" + (links++) + name;
        veth = veth.length() > 15 ? veth.substring(0, 15) : veth;
        run("ip", "-n", ns(node), "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns(name));
        sh(node, "ip link set " + veth + " master br0 && ip link set " + veth + " type bridge_slave hairpin on && ip link set "
                + veth + " up");
        sh(name, "ip addr add " + ip + "/24 dev eth0 && ip link set eth0 up && ip route add default via " + gateway);
        serve(name, name, 8080);
    }

    /** {@code busybox httpd} in netns {@code ns} on {@code port}, answering {@code answer}. */
    void serve(String ns, String answer, int port) throws IOException {
        Path root = dir.resolve(answer + "-" + port);
        Files.createDirectories(root);
        Files.writeString(root.resolve("index.html"), answer);
        List<String> cmd = new ArrayList<>(exec(ns));
        cmd.addAll(List.of("busybox", "httpd", "-f", "-p", Integer.toString(port), "-h", root.toString()));
        servers.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** A point-to-point link: {@code a} gets {@code aIp}/24 and {@code b} gets {@code bIp}/24. */
    void link(String a, String aIp, String b, String bIp) {
        String va = "l" + links + "a";
        String vb = "l" + links++ + "b";
        run("ip", "-n", ns(a), "link", "add", va, "type", "veth", "peer", "name", vb, "netns", ns(b));
        sh(a, "ip addr add " + aIp + "/24 dev " + va + " && ip link set " + va + " up");
        sh(b, "ip addr add " + bIp + "/24 dev " + vb + " && ip link set " + vb + " up");
    }

    /** Runs a shell line in a netns; fails the test when it fails. */
    String sh(String name, String line) {
        List<String> cmd = new ArrayList<>(exec(name));
        cmd.addAll(List.of("sh", "-c", line));
        Result r = runResult(cmd);
        if (r.code() != 0) throw new IllegalStateException("in " + name + ": " + line + ": " + r.output());
        return r.output();
    }

    record Result(int code, String output, long millis) {
    }

    /** {@code curl -s -m 3 URL} from a netns: exit code, body, how long it took. */
    Result curl(String from, String url) {
        List<String> cmd = new ArrayList<>(exec(from));
        cmd.addAll(List.of("curl", "-s", "-m", "3", url));
        return runResult(cmd);
    }

    /** Waits until the pods' servers answer (they start asynchronously). */
    void awaitServing(String from, String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (curl(from, url).code() != 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(url + " does not answer from " + from);
            Thread.onSpinWait();
        }
    }

    private void addNs(String name) {
        run("ip", "netns", "add", ns(name));
        namespaces.add(ns(name));
        run("ip", "-n", ns(name), "link", "set", "lo", "up");
    }

    private static void run(String... cmd) {
        Result r = runResult(List.of(cmd));
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + r.output());
    }

    static Result runResult(List<String> cmd) {
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return new Result(p.exitValue(), out, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (IOException e) {
            return new Result(-1, e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", 0);
        }
    }

    @Override
    public void close() {
        for (Process p : servers) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces.reversed()) runResult(List.of("ip", "netns", "del", ns));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
