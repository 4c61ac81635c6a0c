package io.j8s.api.validation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP and CIDR syntax, without ever resolving a name. */
final class Ips {

    static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private Ips() {}

    static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }

    static boolean isIpv6(String s) {
        // A string with ':' is parsed as an IPv6 literal by InetAddress, never looked up.
        if (!s.contains(":") || s.startsWith("[")) return false;
        try {
            return InetAddress.getByName(s) instanceof Inet6Address;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    static boolean isCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) return false;
        String ip = s.substring(0, slash);
        int bits;
        try {
            bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (isIpv4(ip)) return bits >= 0 && bits <= 32;
        return isIpv6(ip) && bits >= 0 && bits <= 128;
    }

    /** Upstream's ValidateNonSpecialIP message, or null when the address may be an endpoint. */
    static String special(String s) {
        if (!isIp(s)) return null;
        byte[] b;
        try {
            b = InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        InetAddress a;
        try {
            a = InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
        if (a.isAnyLocalAddress()) return "may not be unspecified (0.0.0.0)";
        if (a.isLoopbackAddress()) return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
        if (a.isLinkLocalAddress()) return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
        if (a.isMCLinkLocal()) return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        return null;
    }
}
