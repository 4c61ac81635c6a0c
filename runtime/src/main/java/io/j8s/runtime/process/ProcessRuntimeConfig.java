package io.j8s.runtime.process;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to build a {@link ProcessRuntime}.
 *
 * @param dataDir      where state, FIFOs and IP reservations live ({@code <agent data dir>/runtime});
 *                     a new runtime on the same directory adopts what the previous one started
 * @param podCidr      the node's podCIDR ({@code Node.spec.podCIDR}, e.g. {@code 10.244.1.0/24});
 *                     null: pods get the node's IP (host network)
 * @param nodeIp       the node's InternalIP: the IP of host-network pods
 * @param bridgeName   the pod bridge ({@code cni0}); at most 15 characters
 * @param cgroupRoot   where pod cgroups go in every hierarchy ({@code /j8s} → {@code /j8s/pod<uid>})
 * @param isolation    {@link Isolation#AUTO}: isolate pods when this is root on Linux with the tools
 * @param rootfsSize   tmpfs size of a pod's writable layer over the host root ({@code 512m})
 * @param ipForward    enable IPv4 forwarding when the bridge is made (pods reach other nodes)
 * @param startTimeout how long a sandbox or a container may take to start
 * @param clock        the time of events and log entries
 */
public record ProcessRuntimeConfig(Path dataDir, String podCidr, String nodeIp, String bridgeName, String cgroupRoot,
                                   Isolation isolation, String rootfsSize, boolean ipForward, Duration startTimeout,
                                   Clock clock) {

    /** Whether pods get namespaces and cgroups. */
    public enum Isolation {
        /** Isolate when possible (root on Linux with util-linux and iproute2); otherwise host mode. */
        AUTO,
        /** Never isolate: pods run on the host's network and files (and say so in the status). */
        NONE
    }

    public ProcessRuntimeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        nodeIp = nodeIp == null || nodeIp.isEmpty() ? "127.0.0.1" : nodeIp;
        bridgeName = bridgeName == null || bridgeName.isEmpty() ? "cni0" : bridgeName;
        if (bridgeName.length() > 15) {
            throw new IllegalArgumentException("bridge name too long (15 characters at most): " + bridgeName);
        }
        cgroupRoot = cgroupRoot == null || cgroupRoot.isEmpty() ? "/j8s" : cgroupRoot;
        if (!cgroupRoot.startsWith("/") || cgroupRoot.contains("..")) {
            throw new IllegalArgumentException("cgroupRoot must be absolute: " + cgroupRoot);
        }
        isolation = isolation == null ? Isolation.AUTO : isolation;
        rootfsSize = rootfsSize == null || rootfsSize.isEmpty() ? "512m" : rootfsSize;
        if (!rootfsSize.matches("[0-9]+[kmg]?")) {
            throw new IllegalArgumentException("rootfsSize must be a tmpfs size such as 512m: " + rootfsSize);
        }
        startTimeout = startTimeout == null ? Duration.ofSeconds(10) : startTimeout;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** The defaults: bridge {@code cni0}, cgroups under {@code /j8s}, isolation when possible. */
    public static ProcessRuntimeConfig of(Path dataDir, String podCidr, String nodeIp) {
        return new ProcessRuntimeConfig(dataDir, podCidr, nodeIp, null, null, null, null, true, null, null);
    }

    public ProcessRuntimeConfig withBridge(String bridgeName, boolean ipForward) {
        return new ProcessRuntimeConfig(dataDir, podCidr, nodeIp, bridgeName, cgroupRoot, isolation, rootfsSize,
                ipForward, startTimeout, clock);
    }

    public ProcessRuntimeConfig withCgroupRoot(String cgroupRoot) {
        return new ProcessRuntimeConfig(dataDir, podCidr, nodeIp, bridgeName, cgroupRoot, isolation, rootfsSize,
                ipForward, startTimeout, clock);
    }

    public ProcessRuntimeConfig withIsolation(Isolation isolation) {
        return new ProcessRuntimeConfig(dataDir, podCidr, nodeIp, bridgeName, cgroupRoot, isolation, rootfsSize,
                ipForward, startTimeout, clock);
    }
}
