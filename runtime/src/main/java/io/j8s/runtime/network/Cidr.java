package io.j8s.runtime.network;

import java.util.Objects;

/**
 * An IPv4 network such as a node's podCIDR ({@code 10.244.1.0/24}). Address {@code .1} (the
 * first host) is the gateway on the node's bridge; pods get the hosts after it.
 */
public record Cidr(int network, int prefixLength) {

    public Cidr {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length must be within /8../30: /" + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set in " + format(network) + "/" + prefixLength);
        }
    }

    public static Cidr parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        return new Cidr(parseAddress(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    public static int parseAddress(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        int value = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    private static int mask(int prefixLength) {
        return (int) (0xFFFFFFFFL << (32 - prefixLength));
    }

    /** How many addresses there are, network and broadcast included. */
    public int size() {
        return 1 << (32 - prefixLength);
    }

    /** The address at {@code offset} from the network address. */
    public String address(int offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return format(network + offset);
    }

    /** The offset of an address inside this network, or -1. */
    public int offsetOf(String address) {
        int a = parseAddress(address);
        return (a & mask(prefixLength)) == network ? a - network : -1;
    }

    public String gateway() {
        return address(1);
    }

    /** First offset handed to pods (after the gateway). */
    public int firstPodOffset() {
        return 2;
    }

    /** Last offset handed to pods (before the broadcast address). */
    public int lastPodOffset() {
        return size() - 2;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
