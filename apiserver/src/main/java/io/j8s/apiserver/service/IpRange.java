package io.j8s.apiserver.service;

/**
 * A Service IP range ({@code --service-cluster-ip-range}) as upstream's {@code ipallocator.Range}:
 * the network's own address and its broadcast address are never given out, so item 0 is the
 * network address plus one and there are {@code 2^(32-prefix) - 2} items. The lower block kept for
 * static requests is upstream's {@code min(max(16, size/16), 256)} addresses (none for ranges of
 * 16 addresses or fewer). IPv4 only: j8s' Services are single-stack.
 */
public record IpRange(String cidr, long network, int prefix) {

    public IpRange {
        if (prefix < 1 || prefix > 30) throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": the prefix must be /1 to /30");
    }

    /** Parses {@code a.b.c.d/n}; host bits must be zero, as upstream's flag check. */
    public static IpRange parse(String cidr) {
        String s = cidr.trim();
        if (s.contains(",")) throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": j8s serves one (IPv4) range, not dual-stack");
        int slash = s.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": not a CIDR (a.b.c.d/n)");
        long ip = ipv4(s.substring(0, slash));
        if (ip < 0) throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": not an IPv4 CIDR");
        int prefix;
        try {
            prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": not a CIDR (a.b.c.d/n)");
        }
        IpRange r = new IpRange(s, ip, prefix);
        if ((ip & ~r.mask()) != 0) {
            throw new IllegalArgumentException("--service-cluster-ip-range " + cidr + ": host bits are set; the network is "
                    + format(ip & r.mask()) + "/" + prefix);
        }
        return r;
    }

    private long mask() {
        return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** How many addresses may be given out. */
    public int size() {
        return (int) ((1L << (32 - prefix)) - 2);
    }

    /** The block of low items kept for static requests. */
    int staticBlock() {
        long total = 1L << (32 - prefix);
        if (total <= 16) return 0;
        return (int) Math.min(Math.max(16, total / 16), 256);
    }

    /** The n-th address of the range, counting the network address as 0: {@code nth(1)} is the kubernetes Service's. */
    public String nth(int n) {
        if (n < 1 || n > size()) throw new IllegalArgumentException("the range " + cidr + " has no address number " + n);
        return format(network + n);
    }

    /** The item of {@code ip}, or -1 if it is not one the range gives out (outside, network, broadcast). */
    int offsetOf(String ip) {
        long v = ipv4(ip);
        if (v < 0 || (v & mask()) != network) return -1;
        long item = v - network - 1;
        return item < 0 || item >= size() ? -1 : (int) item;
    }

    String ipAt(int item) {
        return format(network + 1 + item);
    }

    /** Canonical CIDR, as upstream prints it in messages. */
    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    /** An IPv4 literal as an unsigned 32-bit value, or -1. */
    static long ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return -1;
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return -1;
            int b = Integer.parseInt(p);
            if (b > 255 || (p.length() > 1 && p.charAt(0) == '0')) return -1;
            v = (v << 8) | b;
        }
        return v;
    }

    static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
