package io.j8s.proxy.nftables;

import io.j8s.proxy.tracker.Endpoint;
import io.j8s.proxy.tracker.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Upstream's chain names: a prefix, the first 8 base32 characters of the SHA-256 of the readable
 * part (so a name stays unique when nft's 255-character limit truncates it), then the readable part
 * {@code namespace/name/protocol/port[__ip/port]}.
 */
final class ChainNames {

    private static final int MAX = 255;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {
    }

    static String service(ServicePortName n) {
        return hashAndTruncate("service-", n.chainBase());
    }

    static String local(ServicePortName n) {
        return hashAndTruncate("local-", n.chainBase());
    }

    static String external(ServicePortName n) {
        return hashAndTruncate("external-", n.chainBase());
    }

    static String endpoint(ServicePortName n, Endpoint ep) {
        return hashAndTruncate("endpoint-", endpointBase(n, ep));
    }

    static String affinity(ServicePortName n, Endpoint ep) {
        return hashAndTruncate("affinity-", endpointBase(n, ep));
    }

    private static String endpointBase(ServicePortName n, Endpoint ep) {
        return n.chainBase() + "__" + ep.ip() + "/" + ep.port();
    }

    static String hashAndTruncate(String prefix, String base) {
        String name = prefix + hash8(base) + "-" + base;
        return name.length() > MAX ? name.substring(0, MAX - 3) + "..." : name;
    }

    private static String hash8(String s) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bits = 0;
        for (int i = 0; i < 5; i++) bits = (bits << 8) | (h[i] & 0xff); // 40 bits = 8 base32 characters
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = BASE32[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }
}
