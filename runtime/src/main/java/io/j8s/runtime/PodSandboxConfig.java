package io.j8s.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the kubelet asks for when it creates a pod's sandbox (CRI {@code PodSandboxConfig}).
 *
 * @param metadata     the pod's identity; {@code attempt} counts sandboxes made for this pod
 * @param hostname     the pod's hostname (UTS namespace); empty: {@link #podHostname} of the pod name
 * @param logDirectory where this pod's container logs go (CRI: {@code /var/log/pods/NS_NAME_UID});
 *                     a container's {@link ContainerConfig#logPath()} is relative to it
 * @param dnsConfig    the pod's {@code /etc/resolv.conf}; {@link DnsConfig#HOST} copies the node's
 * @param portMappings hostPort mappings (recorded; the process runtime does not forward them)
 * @param labels       labels of the sandbox, for {@link PodSandboxFilter}
 * @param annotations  annotations of the sandbox, returned as given
 * @param linux        cgroup parent, namespace options, pod-level resources
 */
public record PodSandboxConfig(
        Metadata metadata,
        String hostname,
        Path logDirectory,
        DnsConfig dnsConfig,
        List<PortMapping> portMappings,
        Map<String, String> labels,
        Map<String, String> annotations,
        Linux linux) {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    /**
     * The hostname of a pod named {@code podName}, as the kubelet derives it: at most 63
     * characters, without a trailing '-' or '.'.
     */
    public static String podHostname(String podName) {
        String h = podName.length() > 63 ? podName.substring(0, 63) : podName;
        while (h.endsWith("-") || h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    public PodSandboxConfig {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(logDirectory, "logDirectory");
        hostname = hostname == null || hostname.isEmpty() ? podHostname(metadata.name()) : hostname;
        if (hostname.length() > 63 || !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("hostname must be at most 63 lowercase letters, digits, '-' and '.': " + hostname);
        }
        dnsConfig = dnsConfig == null ? DnsConfig.HOST : dnsConfig;
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        linux = linux == null ? Linux.DEFAULT : linux;
    }

    /** A sandbox config with defaults for everything but the pod's identity and log directory. */
    public static PodSandboxConfig of(Metadata metadata, Path logDirectory) {
        return new PodSandboxConfig(metadata, null, logDirectory, null, null, null, null, null);
    }

    public PodSandboxConfig withLinux(Linux linux) {
        return new PodSandboxConfig(metadata, hostname, logDirectory, dnsConfig, portMappings, labels, annotations, linux);
    }

    public PodSandboxConfig withDnsConfig(DnsConfig dns) {
        return new PodSandboxConfig(metadata, hostname, logDirectory, dns, portMappings, labels, annotations, linux);
    }

    public PodSandboxConfig withLabels(Map<String, String> labels) {
        return new PodSandboxConfig(metadata, hostname, logDirectory, dnsConfig, portMappings, labels, annotations, linux);
    }

    /** CRI {@code PodSandboxMetadata}. */
    public record Metadata(String name, String namespace, String uid, int attempt) {
        public Metadata {
            requireNonBlank(name, "name");
            requireNonBlank(namespace, "namespace");
            requireNonBlank(uid, "uid");
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must not be negative: " + attempt);
            }
        }
    }

    /**
     * The pod's resolver configuration, written as its {@code /etc/resolv.conf}. The kubelet
     * computes it from {@code dnsPolicy}/{@code dnsConfig}; all lists empty ({@link #HOST})
     * means "copy the node's resolv.conf" (dnsPolicy Default).
     */
    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public static final DnsConfig HOST = new DnsConfig(List.of(), List.of(), List.of());

        public DnsConfig {
            servers = servers == null ? List.of() : List.copyOf(servers);
            searches = searches == null ? List.of() : List.copyOf(searches);
            options = options == null ? List.of() : List.copyOf(options);
        }

        public boolean isHost() {
            return servers.isEmpty() && searches.isEmpty() && options.isEmpty();
        }

        /** The resolv.conf text for this config (callers handle {@link #isHost()}). */
        public String resolvConf() {
            var sb = new StringBuilder();
            if (!searches.isEmpty()) {
                sb.append("search ").append(String.join(" ", searches)).append('\n');
            }
            servers.forEach(s -> sb.append("nameserver ").append(s).append('\n'));
            if (!options.isEmpty()) {
                sb.append("options ").append(String.join(" ", options)).append('\n');
            }
            return sb.toString();
        }
    }

    public enum Protocol { TCP, UDP, SCTP }

    /** CRI {@code PortMapping}: a container port published on the node. */
    public record PortMapping(Protocol protocol, int containerPort, int hostPort, String hostIp) {
        public PortMapping {
            protocol = protocol == null ? Protocol.TCP : protocol;
            hostIp = hostIp == null ? "" : hostIp;
            if (containerPort < 1 || containerPort > 65535 || hostPort < 0 || hostPort > 65535) {
                throw new IllegalArgumentException("port out of range: " + containerPort + " -> " + hostPort);
            }
        }
    }

    /** Which namespaces a pod shares with the node (CRI {@code NamespaceMode}). */
    public enum NamespaceMode {
        /** The pod has its own namespace, shared by its containers. */
        POD,
        /**
         * Each container has its own namespace (CRI's PID default). The process runtime treats
         * it as {@link #POD}: all containers of a pod see each other's processes.
         */
        CONTAINER,
        /** The pod uses the node's namespace (hostNetwork, hostPID, hostIPC). */
        NODE
    }

    /** CRI {@code NamespaceOption}. */
    public record NamespaceOptions(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc) {
        public static final NamespaceOptions POD = new NamespaceOptions(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD);
        public static final NamespaceOptions HOST_NETWORK = new NamespaceOptions(NamespaceMode.NODE, NamespaceMode.POD, NamespaceMode.POD);

        public NamespaceOptions {
            network = network == null ? NamespaceMode.POD : network;
            pid = pid == null ? NamespaceMode.POD : pid;
            ipc = ipc == null ? NamespaceMode.POD : ipc;
            if (network == NamespaceMode.CONTAINER) {
                throw new IllegalArgumentException("network namespace cannot be per container");
            }
        }

        public boolean hostNetwork() {
            return network == NamespaceMode.NODE;
        }
    }

    /**
     * CRI {@code LinuxPodSandboxConfig}.
     *
     * @param cgroupParent the pod's cgroup, relative to each cgroup hierarchy's root (for
     *                     instance {@code /kubepods/burstable/pod<uid>}); empty lets the runtime
     *                     choose ({@code <cgroupRoot>/pod<uid>})
     * @param namespaceOptions what the pod shares with the node
     * @param resources    limits of the pod's cgroup as a whole ({@link LinuxResources#NONE}: none)
     */
    public record Linux(String cgroupParent, NamespaceOptions namespaceOptions, LinuxResources resources) {
        public static final Linux DEFAULT = new Linux("", NamespaceOptions.POD, LinuxResources.NONE);

        public Linux {
            cgroupParent = cgroupParent == null ? "" : cgroupParent;
            if (!cgroupParent.isEmpty() && (!cgroupParent.startsWith("/") || cgroupParent.contains(".."))) {
                throw new IllegalArgumentException("cgroupParent must be an absolute path without '..': " + cgroupParent);
            }
            namespaceOptions = namespaceOptions == null ? NamespaceOptions.POD : namespaceOptions;
            resources = resources == null ? LinuxResources.NONE : resources;
        }
    }

    static void requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
