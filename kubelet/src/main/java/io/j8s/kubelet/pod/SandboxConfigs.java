package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.PodSandboxConfig.DnsConfig;
import io.j8s.runtime.PodSandboxConfig.NamespaceMode;
import io.j8s.runtime.PodSandboxConfig.NamespaceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A pod's sandbox as the runtime is asked for it (upstream's {@code generatePodSandboxConfig}):
 * identity, hostname, log directory, DNS from {@code dnsPolicy}, host namespaces, host ports.
 *
 * @param logRoot        where pod log directories go ({@code /var/log/pods} upstream)
 * @param clusterDns     {@code --cluster-dns}; empty: ClusterFirst pods get the node's resolv.conf
 * @param clusterDomain  {@code --cluster-domain}
 */
public record SandboxConfigs(Path logRoot, List<String> clusterDns, String clusterDomain) {

    public SandboxConfigs {
        Objects.requireNonNull(logRoot, "logRoot");
        clusterDns = List.copyOf(clusterDns);
    }

    /** Upstream's log directory of a pod: {@code <root>/<namespace>_<name>_<uid>}. */
    public Path logDirectory(Pod pod) {
        var m = pod.getMetadata();
        return logRoot.resolve(m.getNamespace() + "_" + m.getName() + "_" + m.getUid());
    }

    public PodSandboxConfig of(Pod pod, int attempt) {
        var m = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        var metadata = new PodSandboxConfig.Metadata(m.getName(), m.getNamespace(), m.getUid(), attempt);
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        var namespaces = new NamespaceOptions(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD,
                Boolean.TRUE.equals(spec.getHostPID()) ? NamespaceMode.NODE : NamespaceMode.POD,
                Boolean.TRUE.equals(spec.getHostIPC()) ? NamespaceMode.NODE : NamespaceMode.POD);
        List<PodSandboxConfig.PortMapping> ports = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new PodSandboxConfig.PortMapping(protocol(p.getProtocol()), p.getContainerPort(), p.getHostPort(),
                            p.getHostIP()));
                }
            }
        }
        return new PodSandboxConfig(metadata, hostname(pod), logDirectory(pod), dns(pod), ports, Labels.sandbox(pod),
                m.getAnnotations(), new PodSandboxConfig.Linux("", namespaces, null));
    }

    private static PodSandboxConfig.Protocol protocol(String p) {
        return p == null ? PodSandboxConfig.Protocol.TCP : PodSandboxConfig.Protocol.valueOf(p.toUpperCase(Locale.ROOT));
    }

    /** spec.hostname, else the pod's name cut to a DNS label (upstream truncates to 63). */
    static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname();
        if (h == null || h.isEmpty()) h = pod.getMetadata().getName();
        int dot = h.indexOf('.');
        if (dot > 0) h = h.substring(0, dot);
        if (h.length() > 63) h = h.substring(0, 63);
        while (h.endsWith("-")) h = h.substring(0, h.length() - 1);
        return h;
    }

    /** Upstream's {@code dns.Configurer.GetPodDNS}. */
    DnsConfig dns(Pod pod) {
        PodSpec spec = pod.getSpec();
        String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        boolean clusterFirst = policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (policy.equals("None")) {
            // Only what the pod says.
        } else if (clusterFirst && !clusterDns.isEmpty()) {
            servers.addAll(clusterDns);
            String ns = pod.getMetadata().getNamespace();
            searches.addAll(List.of(ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
            options.add("ndots:5");
        } else if (spec.getDnsConfig() == null) {
            return DnsConfig.HOST;
        }
        PodDNSConfig extra = spec.getDnsConfig();
        if (extra != null) {
            for (String s : extra.getNameservers()) if (!servers.contains(s)) servers.add(s);
            for (String s : extra.getSearches()) if (!searches.contains(s)) searches.add(s);
            for (PodDNSConfigOption o : extra.getOptions()) {
                String opt = o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue();
                options.removeIf(x -> x.split(":")[0].equals(o.getName()));
                options.add(opt);
            }
        }
        return new DnsConfig(servers, searches, options);
    }
}
