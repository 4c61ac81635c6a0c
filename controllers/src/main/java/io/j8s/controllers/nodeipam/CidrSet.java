package io.j8s.controllers.nodeipam;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.Optional;

/**
 * Upstream's {@code cidrset.CidrSet}: the cluster CIDR cut into equal node subnets, and which of
 * them are taken. Allocation goes round from after the last one handed out, so a released
 * subnet is not given to the next node at once. Thread-safe.
 */
final class CidrSet {

    /** Upstream's limit on subnets per cluster CIDR (2^16), as {@code ErrCIDRSetSubNetTooBig}. */
    static final int MAX_PREFIX_DIFF = 16;

    private final Cidr cluster;
    private final int nodeMask;
    private final int subnets;
    private final BitSet used;
    private int next;

    /** {@code clusterCidr} such as 10.244.0.0/16, each node getting a /{@code nodeMask}. */
    CidrSet(String clusterCidr, int nodeMask) {
        this.cluster = Cidr.parse(clusterCidr);
        if (nodeMask < cluster.prefix() || nodeMask > cluster.bits()) {
            throw new IllegalArgumentException("the node CIDR mask size /" + nodeMask + " does not fit in cluster CIDR " + clusterCidr);
        }
        if (nodeMask - cluster.prefix() > MAX_PREFIX_DIFF) {
            throw new IllegalArgumentException("New CIDR set failed; the node CIDR size is too big");
        }
        this.nodeMask = nodeMask;
        this.subnets = 1 << (nodeMask - cluster.prefix());
        this.used = new BitSet(subnets);
    }

    boolean ipv6() {
        return cluster.bits() == 128;
    }

    String clusterCidr() {
        return cluster.toString();
    }

    /** The next free node subnet, or empty when all are taken ({@code ErrCIDRRangeNoCIDRsRemaining}). */
    synchronized Optional<String> allocateNext() {
        for (int i = 0; i < subnets; i++) {
            int candidate = (next + i) % subnets;
            if (!used.get(candidate)) {
                used.set(candidate);
                next = (candidate + 1) % subnets;
                return Optional.of(subnet(candidate).toString());
            }
        }
        return Optional.empty();
    }

    /** Marks every node subnet {@code cidr} overlaps as taken (a node that came with its own podCIDR). */
    synchronized void occupy(String cidr) {
        int[] range = indices(cidr);
        used.set(range[0], range[1] + 1);
    }

    synchronized void release(String cidr) {
        int[] range = indices(cidr);
        used.clear(range[0], range[1] + 1);
    }

    synchronized boolean isOccupied(String cidr) {
        int[] range = indices(cidr);
        return used.get(range[0], range[1] + 1).cardinality() == range[1] - range[0] + 1;
    }

    /** Whether {@code cidr} is of this set's family and inside the cluster CIDR. */
    boolean covers(String cidr) {
        Cidr c;
        try {
            c = Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return c.bits() == cluster.bits() && cluster.contains(c.base());
    }

    int size() {
        return subnets;
    }

    synchronized int usedCount() {
        return used.cardinality();
    }

    private Cidr subnet(int index) {
        BigInteger base = cluster.base().add(BigInteger.valueOf(index).shiftLeft(cluster.bits() - nodeMask));
        return new Cidr(base, nodeMask, cluster.bits());
    }

    /** First and last subnet index {@code cidr} overlaps; outside the cluster CIDR is an error. */
    private int[] indices(String cidr) {
        Cidr c = Cidr.parse(cidr);
        if (c.bits() != cluster.bits() || !(cluster.contains(c.base()) || c.contains(cluster.base()))) {
            throw new IllegalArgumentException("cidr " + cidr + " is out the range of cluster cidr " + cluster);
        }
        BigInteger first = c.base().max(cluster.base());
        BigInteger last = c.last().min(cluster.last());
        int shift = cluster.bits() - nodeMask;
        int begin = first.subtract(cluster.base()).shiftRight(shift).intValueExact();
        int end = last.subtract(cluster.base()).shiftRight(shift).intValueExact();
        return new int[] {begin, end};
    }

    /** An IP network: its base address as a number, its prefix length, 32 or 128 bits. */
    record Cidr(BigInteger base, int prefix, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) throw new IllegalArgumentException("invalid CIDR address: " + text);
            byte[] addr;
            int prefix;
            try {
                String ip = text.substring(0, slash);
                if (!ip.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("invalid CIDR address: " + text);
                addr = InetAddress.getByName(ip).getAddress();
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR address: " + text);
            }
            int bits = addr.length * 8;
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("invalid CIDR address: " + text);
            BigInteger value = new BigInteger(1, addr);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
            return new Cidr(value.and(mask).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)), prefix, bits);
        }

        BigInteger last() {
            return base.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
        }

        boolean contains(BigInteger address) {
            return address.compareTo(base) >= 0 && address.compareTo(last()) <= 0;
        }

        @Override
        public String toString() {
            byte[] raw = base.toByteArray();
            byte[] addr = new byte[bits / 8];
            int copy = Math.min(raw.length, addr.length);
            System.arraycopy(raw, raw.length - copy, addr, addr.length - copy, copy);
            try {
                String ip = InetAddress.getByAddress(addr).getHostAddress();
                if (bits == 128) ip = compress(ip);
                return ip + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Java writes IPv6 in full (0:0:0:…); Go and kubectl write the RFC 5952 form. */
        private static String compress(String full) {
            String[] groups = full.split(":");
            int bestStart = -1;
            int bestLen = 0;
            for (int i = 0; i < groups.length; ) {
                if (groups[i].equals("0")) {
                    int j = i;
                    while (j < groups.length && groups[j].equals("0")) j++;
                    if (j - i > bestLen && j - i > 1) {
                        bestStart = i;
                        bestLen = j - i;
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            if (bestStart < 0) return full;
            String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
            String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
            return head + "::" + tail;
        }
    }
}
