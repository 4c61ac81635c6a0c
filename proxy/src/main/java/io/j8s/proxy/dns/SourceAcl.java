package io.j8s.proxy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who cluster DNS answers: the sources in any of a list of CIDRs, as CoreDNS's {@code acl}
 * plugin's {@code allow net …}; an empty list allows everyone. Others get REFUSED, so the node's
 * forwarder is not an open resolver for whatever reaches its port.
 */
final class SourceAcl {

    private record Net(byte[] address, int bits) {
        boolean contains(byte[] a) {
            if (a.length != address.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != address[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (address[full] & mask);
        }
    }

    static final SourceAcl EVERYONE = new SourceAcl(List.of());

    private final List<Net> nets;

    private SourceAcl(List<Net> nets) {
        this.nets = List.copyOf(nets);
    }

    /**
     * @param cidrs IPv4 or IPv6 CIDRs ("10.244.0.0/16", "::1/128"); a bare address is one host
     * @throws IllegalArgumentException naming the CIDR that does not parse
     */
    static SourceAcl of(List<String> cidrs) {
        List<Net> nets = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.strip();
            int slash = c.indexOf('/');
            String host = slash < 0 ? c : c.substring(0, slash);
            // Only literal addresses: a name here would be looked up, once, in the DNS.
            if (host.isEmpty() || !host.matches("[0-9a-fA-F.:]+")) throw bad(cidr);
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw bad(cidr);
            }
            int bits;
            try {
                bits = slash < 0 ? address.length * 8 : Integer.parseInt(c.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw bad(cidr);
            }
            if (bits < 0 || bits > address.length * 8) throw bad(cidr);
            nets.add(new Net(address, bits));
        }
        return new SourceAcl(nets);
    }

    private static IllegalArgumentException bad(String cidr) {
        return new IllegalArgumentException("--cluster-dns-allow: \"" + cidr + "\" is not an IPv4 or IPv6 CIDR");
    }

    boolean allows(InetAddress source) {
        if (nets.isEmpty()) return true;
        byte[] a = source.getAddress();
        for (Net n : nets) {
            if (n.contains(a)) return true;
        }
        return false;
    }
}
