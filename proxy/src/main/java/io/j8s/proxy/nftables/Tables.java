package io.j8s.proxy.nftables;

import java.util.List;

/**
 * The fixed part of the proxy's table: base chains on the netfilter hooks, the masquerade chains,
 * the reject chain and the four verdict maps the per-service objects are reached through (upstream's
 * layout, pkg/proxy/nftables/proxier.go setupNFTables).
 */
final class Tables {

    static final String MARK_MASQ = "mark-for-masquerade";
    static final String MASQUERADING = "masquerading";
    static final String SERVICES = "services";
    static final String REJECT_CHAIN = "reject-chain";
    static final String SERVICE_ENDPOINTS_CHECK = "service-endpoints-check";
    static final String NODEPORT_ENDPOINTS_CHECK = "nodeport-endpoints-check";
    static final String CLUSTER_IPS_CHECK = "cluster-ips-check";
    /** The set of every ClusterIP: traffic still addressed to one after DNAT came to a port no Service has. */
    static final String CLUSTER_IPS = "cluster-ips";
    static final String SERVICE_IPS = "service-ips";
    static final String SERVICE_NODEPORTS = "service-nodeports";
    static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
    static final String MASQ_MARK = "0x4000";

    static final List<String> MAPS = List.of(NO_ENDPOINT_NODEPORTS, NO_ENDPOINT_SERVICES, SERVICE_IPS, SERVICE_NODEPORTS);

    private Tables() {
    }

    /** A base or regular chain of the fixed layout: name, the hook declaration ("" for none), its rules. */
    record BaseChain(String name, String hook, List<String> rules) {
    }

    static final List<BaseChain> BASE_CHAINS = List.of(
            new BaseChain("filter-input", "{ type filter hook input priority -110 ; }",
                    List.of("ct state new jump " + NODEPORT_ENDPOINTS_CHECK, "ct state new jump " + SERVICE_ENDPOINTS_CHECK)),
            new BaseChain("filter-forward", "{ type filter hook forward priority -110 ; }",
                    List.of("ct state new jump " + SERVICE_ENDPOINTS_CHECK, "ct state new jump " + CLUSTER_IPS_CHECK)),
            new BaseChain("filter-output", "{ type filter hook output priority -110 ; }",
                    List.of("ct state new jump " + SERVICE_ENDPOINTS_CHECK)),
            new BaseChain("filter-output-post-dnat", "{ type filter hook output priority -90 ; }",
                    List.of("ct state new jump " + CLUSTER_IPS_CHECK)),
            new BaseChain("nat-prerouting", "{ type nat hook prerouting priority -100 ; }", List.of("jump " + SERVICES)),
            new BaseChain("nat-output", "{ type nat hook output priority -100 ; }", List.of("jump " + SERVICES)),
            new BaseChain("nat-postrouting", "{ type nat hook postrouting priority 100 ; }", List.of("jump " + MASQUERADING)),
            new BaseChain(MARK_MASQ, "", List.of("meta mark set meta mark or " + MASQ_MARK)),
            new BaseChain(MASQUERADING, "", List.of(
                    "meta mark and " + MASQ_MARK + " == 0 return",
                    "meta mark set meta mark xor " + MASQ_MARK,
                    "masquerade fully-random")),
            new BaseChain(REJECT_CHAIN, "", List.of("reject")),
            new BaseChain(SERVICE_ENDPOINTS_CHECK, "", List.of(
                    "ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES)),
            new BaseChain(CLUSTER_IPS_CHECK, "", List.of("ip daddr @" + CLUSTER_IPS + " reject")),
            new BaseChain(NODEPORT_ENDPOINTS_CHECK, "", List.of(
                    "ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS)),
            new BaseChain(SERVICES, "", List.of(
                    "ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS,
                    "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @" + SERVICE_NODEPORTS)));

    static String mapType(String map) {
        return map.equals(SERVICE_IPS) || map.equals(NO_ENDPOINT_SERVICES)
                ? "{ type ipv4_addr . inet_proto . inet_service : verdict ; }"
                : "{ type inet_proto . inet_service : verdict ; }";
    }
}
