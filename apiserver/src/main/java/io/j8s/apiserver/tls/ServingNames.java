package io.j8s.apiserver.tls;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The subject alternative names a serving certificate is issued for. */
public record ServingNames(List<String> dnsNames, List<InetAddress> ips) {

    /**
     * The names clients reach the API server by, as upstream's kube-apiserver certificate lists
     * them: in-cluster clients use the {@code kubernetes} Service (its DNS names and its ClusterIP,
     * the first address of the service range), others the advertise address or loopback.
     */
    public static final List<String> API_SERVER_DNS_NAMES = List.of("localhost", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    public ServingNames {
        dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
        ips = List.copyOf(new LinkedHashSet<>(ips));
    }

    /**
     * @param advertiseAddress the address other machines reach this server at
     * @param kubernetesServiceIp the ClusterIP of {@code default/kubernetes}, the first address of
     *     {@code --service-cluster-ip-range} (10.96.0.1 by default)
     * @param extraDnsNames more names, such as the machine's host name
     */
    public static ServingNames apiServer(InetAddress advertiseAddress, InetAddress kubernetesServiceIp,
            List<String> extraDnsNames) {
        var dns = new ArrayList<>(API_SERVER_DNS_NAMES);
        dns.addAll(extraDnsNames);
        var ips = new ArrayList<InetAddress>();
        ips.add(advertiseAddress);
        ips.add(Certificates.literal("127.0.0.1"));
        ips.add(Certificates.literal("::1"));
        ips.add(kubernetesServiceIp);
        return new ServingNames(dns, ips);
    }
}
