package io.j8s.proxy.nftables;

import io.j8s.proxy.tracker.CategorizedEndpoints;
import io.j8s.proxy.tracker.Endpoint;
import io.j8s.proxy.tracker.ServicePort;
import io.j8s.proxy.tracker.ServicePortName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one Service (its ports and their endpoints) into its chains, sets and map elements, as
 * upstream's nftables proxier writes them (pkg/proxy/nftables/proxier.go, syncProxyRules' per-service
 * loop). Pure: the golden tests feed it values and read text.
 */
final class RuleBuilder {

    static final String DNS_SERVICE = "kube-system/kube-dns";

    private final String clusterCidr;
    private final int localDnsPort;

    /**
     * @param clusterCidr  pod traffic comes from here; ClusterIP traffic from elsewhere is masqueraded ("" for none)
     * @param localDnsPort when positive, {@code kube-system/kube-dns} is redirected to this port on the node
     */
    RuleBuilder(String clusterCidr, int localDnsPort) {
        this.clusterCidr = clusterCidr == null ? "" : clusterCidr;
        this.localDnsPort = localDnsPort;
    }

    /** Whether a service is the DNS service that this proxy redirects to the node-local server. */
    boolean redirectsDns(String serviceKey) {
        return localDnsPort > 0 && serviceKey.equals(DNS_SERVICE);
    }

    ServiceRules build(String serviceKey, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints) {
        Map<String, List<String>> chains = new TreeMap<>();
        Map<String, String> sets = new TreeMap<>();
        Set<ServiceRules.Element> elements = new LinkedHashSet<>();
        for (ServicePort sp : ports) {
            elements.add(new ServiceRules.Element(Tables.CLUSTER_IPS, sp.clusterIp(), ""));
            if (redirectsDns(serviceKey)) {
                dnsRedirect(sp, chains, elements);
                continue;
            }
            servicePort(sp, endpoints.getOrDefault(sp.name(), List.of()), chains, sets, elements);
        }
        return new ServiceRules(chains, sets, elements);
    }

    private void dnsRedirect(ServicePort sp, Map<String, List<String>> chains, Set<ServiceRules.Element> elements) {
        String chain = ChainNames.service(sp.name());
        chains.put(chain, List.of(sp.nftProtocol() + " dport " + sp.port() + " redirect to :" + localDnsPort));
        elements.add(new ServiceRules.Element(Tables.SERVICE_IPS, clusterIpKey(sp), "goto " + chain));
    }

    private void servicePort(ServicePort sp, List<Endpoint> all, Map<String, List<String>> chains, Map<String, String> sets,
                             Set<ServiceRules.Element> elements) {
        ServicePortName n = sp.name();
        CategorizedEndpoints cat = CategorizedEndpoints.of(all);
        boolean hasNodePort = sp.nodePort() > 0;
        boolean usesCluster = !cat.cluster().isEmpty() && (!sp.internalLocal() || hasNodePort);
        boolean usesLocal = !cat.local().isEmpty() && (sp.internalLocal() || sp.externalLocal());
        String clusterChain = ChainNames.service(n);
        String localChain = ChainNames.local(n);
        String masqueradeOutsiders = clusterCidr.isEmpty() ? null
                : "ip daddr " + sp.clusterIp() + " " + sp.nftProtocol() + " dport " + sp.port() + " ip saddr != " + clusterCidr
                + " jump " + Tables.MARK_MASQ;
        Set<Endpoint> endpointChains = new LinkedHashSet<>();
        if (usesCluster) {
            chains.put(clusterChain, balance(n, sp, cat.cluster(), masqueradeOutsiders));
            endpointChains.addAll(cat.cluster());
        }
        if (usesLocal) {
            chains.put(localChain, balance(n, sp, cat.local(), masqueradeOutsiders));
            endpointChains.addAll(cat.local());
        }

        // ClusterIP: to the internal chain, or refused (rejected; dropped when endpoints exist elsewhere only).
        boolean hasInternal = sp.internalLocal() ? usesLocal : usesCluster;
        if (hasInternal) {
            elements.add(new ServiceRules.Element(Tables.SERVICE_IPS, clusterIpKey(sp),
                    "goto " + (sp.internalLocal() ? localChain : clusterChain)));
        } else {
            elements.add(new ServiceRules.Element(Tables.NO_ENDPOINT_SERVICES, clusterIpKey(sp), noEndpointVerdict(cat)));
        }

        // NodePort: through the external chain, which masquerades as the policy says.
        if (hasNodePort) {
            boolean hasExternal = sp.externalLocal() ? usesLocal : usesCluster;
            String key = sp.nftProtocol() + " . " + sp.nodePort();
            if (hasExternal) {
                String external = ChainNames.external(n);
                List<String> rules = new ArrayList<>();
                if (!sp.externalLocal()) {
                    rules.add("jump " + Tables.MARK_MASQ);
                    rules.add("goto " + clusterChain);
                } else {
                    // Pods and the node itself are not "external": they may use every endpoint.
                    if (!clusterCidr.isEmpty()) rules.add("ip saddr " + clusterCidr + " goto " + clusterChain);
                    rules.add("fib saddr type local jump " + Tables.MARK_MASQ);
                    rules.add("fib saddr type local goto " + clusterChain);
                    rules.add("goto " + localChain);
                }
                chains.put(external, rules);
                elements.add(new ServiceRules.Element(Tables.SERVICE_NODEPORTS, key, "goto " + external));
            } else {
                elements.add(new ServiceRules.Element(Tables.NO_ENDPOINT_NODEPORTS, key, noEndpointVerdict(cat)));
            }
        }

        for (Endpoint ep : endpointChains) {
            List<String> rules = new ArrayList<>();
            rules.add("ip saddr " + ep.ip() + " jump " + Tables.MARK_MASQ); // hairpin: a pod reaching itself
            if (sp.stickyMaxAgeSeconds() > 0) {
                String set = ChainNames.affinity(n, ep);
                sets.put(set, "{ type ipv4_addr ; flags dynamic,timeout ; timeout " + sp.stickyMaxAgeSeconds() + "s ; }");
                rules.add("update @" + set + " { ip saddr }");
            }
            rules.add("meta l4proto " + sp.nftProtocol() + " dnat to " + ep.ip() + ":" + ep.port());
            chains.put(ChainNames.endpoint(n, ep), rules);
        }
    }

    private static List<String> balance(ServicePortName n, ServicePort sp, List<Endpoint> eps, String masqueradeOutsiders) {
        List<String> rules = new ArrayList<>();
        if (masqueradeOutsiders != null) rules.add(masqueradeOutsiders);
        if (sp.stickyMaxAgeSeconds() > 0) {
            for (Endpoint ep : eps) {
                rules.add("ip saddr @" + ChainNames.affinity(n, ep) + " goto " + ChainNames.endpoint(n, ep));
            }
        }
        StringBuilder vmap = new StringBuilder("numgen random mod " + eps.size() + " vmap { ");
        for (int i = 0; i < eps.size(); i++) {
            if (i > 0) vmap.append(", ");
            vmap.append(i).append(" : goto ").append(ChainNames.endpoint(n, eps.get(i)));
        }
        rules.add(vmap.append(" }").toString());
        return rules;
    }

    private static String clusterIpKey(ServicePort sp) {
        return sp.clusterIp() + " . " + sp.nftProtocol() + " . " + sp.port();
    }

    private static String noEndpointVerdict(CategorizedEndpoints cat) {
        return cat.hasAny() ? "drop" : "goto " + Tables.REJECT_CHAIN;
    }

    static Map<String, ServiceRules> buildAll(RuleBuilder b, Map<String, List<ServicePort>> services,
                                              Map<ServicePortName, List<Endpoint>> endpoints) {
        Map<String, ServiceRules> out = new LinkedHashMap<>();
        services.forEach((key, ports) -> out.put(key, b.build(key, ports, endpoints)));
        return out;
    }
}
