package io.j8s.runtime.process;

import io.j8s.runtime.Outcome;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.network.Cidr;
import io.j8s.runtime.network.Ipam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's pod network as CNI's {@code bridge} plugin with {@code host-local} IPAM makes it:
 * a Linux bridge holding the podCIDR's gateway address (.1), and per sandbox a veth pair whose
 * far end is the pod's {@code eth0} with an IP from the podCIDR and a default route via the
 * gateway. Routes to other nodes' podCIDRs are the agent's business, not this class's.
 */
final class BridgeNetwork implements PodNetwork {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BridgeNetwork.class);

    private final String bridge;
    private final Ipam ipam;
    private final boolean ipForward;
    private volatile boolean bridgeUp;

    /**
     * @param bridge    the bridge's name ({@code cni0}); made if missing
     * @param ipam      the podCIDR's address pool
     * @param ipForward turn on IPv4 forwarding in this network namespace, so pods reach beyond
     *                  the bridge (false in tests that must not change the host)
     */
    BridgeNetwork(String bridge, Ipam ipam, boolean ipForward) {
        this.bridge = bridge;
        this.ipam = ipam;
        this.ipForward = ipForward;
    }

    Cidr cidr() {
        return ipam.cidr();
    }

    private synchronized Optional<String> ensureBridge() {
        if (bridgeUp && linkExists(bridge)) {
            return Optional.empty();
        }
        Cidr cidr = ipam.cidr();
        String gateway = cidr.gateway() + "/" + cidr.prefixLength();
        if (!linkExists(bridge)) {
            Cmd.Result add = Cmd.run("ip", "link", "add", bridge, "type", "bridge");
            if (!add.ok() && !linkExists(bridge)) {
                return Optional.of("cannot create bridge " + bridge + ": " + add.output());
            }
        }
        Cmd.Result addr = Cmd.run("ip", "addr", "replace", gateway, "dev", bridge);
        Cmd.Result up = Cmd.run("ip", "link", "set", bridge, "up");
        if (!addr.ok() || !up.ok()) {
            return Optional.of("cannot configure bridge " + bridge + ": " + addr.output() + " " + up.output());
        }
        if (ipForward) {
            try {
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
            } catch (java.io.IOException e) {
                LOG.warn("cannot enable IPv4 forwarding: {}", e.getMessage());
            }
        }
        LOG.info("Pod network bridge {} is up with gateway {}", bridge, gateway);
        bridgeUp = true;
        return Optional.empty();
    }

    /**
     * Whether this network namespace has the link: /sys says so, or, where /sys is the sysfs of
     * another namespace (a process that entered its own with {@code unshare --net} and kept the
     * mount), {@code ip link show} does.
     */
    private static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name)) || Cmd.run("ip", "link", "show", "dev", name).ok();
    }

    static String vethName(String sandboxId) {
        return "veth" + sandboxId.substring(0, 11);
    }

    @Override
    public Outcome<String> setUp(String sandboxId, long netnsPid) {
        Optional<String> bridgeError = ensureBridge();
        if (bridgeError.isPresent()) {
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, bridgeError.get());
        }
        Optional<String> ip = ipam.allocate(sandboxId);
        if (ip.isEmpty()) {
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX,
                    "failed to allocate for range " + ipam.cidr() + ": no IP addresses available");
        }
        String veth = vethName(sandboxId);
        Cidr cidr = ipam.cidr();
        Cmd.Result host = Cmd.run(List.of("ip", "-batch", "-"), String.join("\n",
                "link add " + veth + " type veth peer name eth0 netns " + netnsPid,
                "link set " + veth + " master " + bridge,
                // Hairpin, as CNI's bridge plugin with hairpinMode: a pod reaching its own Service
                // may be sent back to itself, out of the port it came in by.
                "link set " + veth + " type bridge_slave hairpin on",
                "link set " + veth + " up") + "\n");
        if (!host.ok()) {
            ipam.release(sandboxId);
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, "failed to set up the pod's veth: " + host.output());
        }
        Cmd.Result pod = Cmd.run(List.of("nsenter", "-t", Long.toString(netnsPid), "-n", "ip", "-batch", "-"),
                String.join("\n",
                        "link set lo up",
                        "addr add " + ip.get() + "/" + cidr.prefixLength() + " dev eth0",
                        "link set eth0 up",
                        "route add default via " + cidr.gateway() + " dev eth0") + "\n");
        if (!pod.ok()) {
            tearDown(sandboxId);
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, "failed to configure the pod's eth0: " + pod.output());
        }
        return Outcome.ok(ip.get());
    }

    @Override
    public void tearDown(String sandboxId) {
        String veth = vethName(sandboxId);
        if (Files.exists(Path.of("/sys/class/net", veth))) {
            Cmd.run("ip", "link", "del", veth); // gone anyway once the netns dies
        }
        ipam.release(sandboxId);
    }

    @Override
    public String addressOf(String sandboxId) {
        return ipam.addressOf(sandboxId).orElse("");
    }

    @Override
    public RuntimeStatus.Condition readiness() {
        return new RuntimeStatus.Condition(RuntimeStatus.NETWORK_READY, true, "", "");
    }
}
