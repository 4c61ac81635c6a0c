package io.j8s.proxy.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The node's upstream resolvers: the {@code nameserver} lines of its resolv.conf, as CoreDNS's {@code forward . /etc/resolv.conf}. */
final class Upstreams {

    private Upstreams() {}

    /**
     * The nameservers of {@code resolvConf} (port 53), without those that are this server: the
     * addresses in {@code self}, and, when we listen on port 53 ourselves, this host's own addresses.
     */
    static List<InetSocketAddress> fromResolvConf(Path resolvConf, Set<InetAddress> self, int ourPort) throws IOException {
        String text;
        try {
            text = Files.readString(resolvConf);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Set<InetAddress> skip = new HashSet<>(self);
        if (ourPort == 53) skip.addAll(localAddresses());
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].equals("nameserver")) continue;
            String ip = f[1];
            int zoneIdx = ip.indexOf('%');
            InetAddress a = ServiceRecords.parse(zoneIdx >= 0 ? ip.substring(0, zoneIdx) : ip);
            if (a == null || skip.contains(a)) continue;
            InetSocketAddress s = new InetSocketAddress(a, 53);
            if (!out.contains(s)) out.add(s);
        }
        return List.copyOf(out);
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // No interfaces to read: nothing more to skip.
        }
        return out;
    }
}
