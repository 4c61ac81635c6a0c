package io.j8s.proxy.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * The records one Service puts in the cluster zone, as CoreDNS's kubernetes plugin answers them:
 * <ul>
 *   <li>{@code svc.ns.svc.<zone>} A/AAAA: the ClusterIPs; for a headless Service each ready endpoint
 *       (every endpoint with {@code publishNotReadyAddresses}); CNAME for an ExternalName Service;
 *   <li>{@code <endpoint>.svc.ns.svc.<zone>} A/AAAA for each endpoint of a headless Service, named by
 *       its {@code hostname} or else its address dashed ({@code 10-244-1-5});
 *   <li>{@code _port._proto.svc.ns.svc.<zone>} SRV for each named port (targets the Service name,
 *       or for a headless Service one record per endpoint, targeting the endpoint's name); SRV at the
 *       Service name itself for all of its ports;
 *   <li>PTR in {@code in-addr.arpa}/{@code ip6.arpa} for each ClusterIP (to the Service name) and each
 *       headless endpoint address (to the endpoint's name).
 * </ul>
 * A pure function of the Service and its EndpointSlices, so the index only has to swap the result.
 */
final class ServiceRecords {

    private ServiceRecords() {}

    /** Records by owner name; a name mapped to an empty list exists without data (NODATA, not NXDOMAIN). */
    static Map<Name, List<Record>> build(Service svc, Collection<EndpointSlice> slices, Name zone, long ttl) {
        Map<Name, List<Record>> out = new LinkedHashMap<>();
        ServiceSpec spec = svc.getSpec();
        if (spec == null) return out;
        Name base = name(svc.getMetadata().getName() + "." + svc.getMetadata().getNamespace() + ".svc", zone);
        out.put(base, new ArrayList<>());
        if ("ExternalName".equals(spec.getType())) {
            String target = spec.getExternalName();
            if (target != null && !target.isBlank()) {
                add(out, base, new CNAMERecord(base, DClass.IN, ttl, absolute(target)));
            }
            return out;
        }
        if ("None".equals(spec.getClusterIP())) {
            headless(out, base, spec, slices, ttl);
        } else {
            clusterIp(out, base, spec, ttl);
        }
        return out;
    }

    private static void clusterIp(Map<Name, List<Record>> out, Name base, ServiceSpec spec, long ttl) {
        Set<String> ips = new LinkedHashSet<>();
        if (spec.getClusterIPs() != null) ips.addAll(spec.getClusterIPs());
        if (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty()) ips.add(spec.getClusterIP());
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            InetAddress a = parse(ip);
            if (a == null) continue;
            addresses.add(a);
            add(out, base, address(base, a, ttl));
            Name reverse = ReverseMap.fromAddress(a);
            add(out, reverse, new PTRRecord(reverse, DClass.IN, ttl, base));
        }
        if (addresses.isEmpty()) return; // not allocated yet: the name exists, without data
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        for (ServicePort p : ports) {
            if (p.getPort() == null) continue;
            String proto = protocol(p.getProtocol());
            SRVRecord all = new SRVRecord(base, DClass.IN, ttl, 0, weight(ports.size()), p.getPort(), base);
            add(out, base, all);
            if (p.getName() == null || p.getName().isEmpty()) continue;
            Name srv = srvName(p.getName(), proto, base);
            add(out, srv, new SRVRecord(srv, DClass.IN, ttl, 0, 100, p.getPort(), base));
        }
    }

    private record Target(Name name, InetAddress address) {}

    private record Port(String name, String protocol, int port) {}

    private static void headless(Map<Name, List<Record>> out, Name base, ServiceSpec spec, Collection<EndpointSlice> slices, long ttl) {
        boolean notReadyToo = Boolean.TRUE.equals(spec.getPublishNotReadyAddresses());
        // Endpoints and their ports, slice by slice: a slice's ports apply to its own endpoints.
        Map<Port, List<Target>> byPort = new LinkedHashMap<>();
        Set<InetAddress> seen = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) continue;
            List<Port> ports = new ArrayList<>();
            if (slice.getPorts() != null) {
                for (EndpointPort p : slice.getPorts()) {
                    if (p.getPort() != null) ports.add(new Port(p.getName() == null ? "" : p.getName(), protocol(p.getProtocol()), p.getPort()));
                }
            }
            for (Endpoint ep : slice.getEndpoints()) {
                if (!notReadyToo && !ready(ep)) continue;
                if (ep.getAddresses() == null) continue;
                for (String ip : ep.getAddresses()) {
                    InetAddress a = parse(ip);
                    if (a == null) continue;
                    Name epName = name(ep.getHostname() != null && !ep.getHostname().isEmpty() ? ep.getHostname() : dashed(a), base);
                    Target t = new Target(epName, a);
                    for (Port p : ports) byPort.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
                    if (!seen.add(a)) continue;
                    add(out, base, address(base, a, ttl));
                    add(out, epName, address(epName, a, ttl));
                    Name reverse = ReverseMap.fromAddress(a);
                    add(out, reverse, new PTRRecord(reverse, DClass.IN, ttl, epName));
                }
            }
        }
        int total = byPort.values().stream().mapToInt(List::size).sum();
        for (Map.Entry<Port, List<Target>> e : byPort.entrySet()) {
            Port p = e.getKey();
            List<Target> targets = e.getValue();
            for (Target t : targets) add(out, base, new SRVRecord(base, DClass.IN, ttl, 0, weight(total), p.port(), t.name()));
            if (p.name().isEmpty()) continue;
            Name srv = srvName(p.name(), p.protocol(), base);
            for (Target t : targets) add(out, srv, new SRVRecord(srv, DClass.IN, ttl, 0, weight(targets.size()), p.port(), t.name()));
        }
    }

    /** An endpoint is ready unless its ready condition says false (nil means ready, as upstream reads it). */
    static boolean ready(Endpoint ep) {
        return ep.getConditions() == null || !Boolean.FALSE.equals(ep.getConditions().getReady());
    }

    /** CoreDNS's weight: the records of one name share 100. */
    private static int weight(int records) {
        return Math.max(1, 100 / Math.max(1, records));
    }

    private static Name srvName(String port, String proto, Name base) {
        return name("_" + port + "._" + proto, base);
    }

    private static String protocol(String p) {
        return p == null || p.isEmpty() ? "tcp" : p.toLowerCase(java.util.Locale.ROOT);
    }

    /** An address with its separators turned into dashes, as CoreDNS names endpoints without a hostname. */
    static String dashed(InetAddress a) {
        return a instanceof java.net.Inet6Address ? compressed(a.getAddress()).replace(':', '-') : a.getHostAddress().replace('.', '-');
    }

    /** RFC 5952's text form (fd00::7), as Go prints it and so as CoreDNS dashes it. */
    static String compressed(byte[] v6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((v6[2 * i] & 0xff) << 8) | (v6[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static Record address(Name name, InetAddress a, long ttl) {
        return a instanceof java.net.Inet4Address
                ? new ARecord(name, DClass.IN, ttl, a)
                : new AAAARecord(name, DClass.IN, ttl, a);
    }

    static InetAddress parse(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        byte[] b = Address.toByteArray(ip, Address.IPv4);
        if (b == null) b = Address.toByteArray(ip, Address.IPv6);
        if (b == null) return null;
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            return null; // only for a wrong length, which toByteArray never gives
        }
    }

    private static void add(Map<Name, List<Record>> out, Name name, Record r) {
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }

    static Name name(String relative, Name origin) {
        try {
            return Name.concatenate(Name.fromString(relative), origin);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("not a DNS name: " + relative + "." + origin, e);
        }
    }

    static Name absolute(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + s, e);
        }
    }
}
