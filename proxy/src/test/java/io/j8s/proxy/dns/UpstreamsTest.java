package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamsTest {

    @TempDir
    Path dir;

    @Test
    void nameserversInOrderWithoutOurOwnAddress() throws Exception {
        Path f = dir.resolve("resolv.conf");
        Files.writeString(f, """
                # written by someone
                search example.internal
                nameserver 10.96.0.10
                nameserver 192.0.2.53
                nameserver   2001:db8::53
                nameserver fe80::1%eth0
                nameserver 192.0.2.53
                options ndots:2
                nameserver not-an-address
                """);
        assertThat(Upstreams.fromResolvConf(f, Set.of(InetAddress.getByName("10.96.0.10")), 10053)).containsExactly(
                new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("2001:db8::53", 53), new InetSocketAddress("fe80::1", 53));
    }

    @Test
    void noFileNoUpstreams() throws Exception {
        assertThat(Upstreams.fromResolvConf(dir.resolve("missing"), Set.of(), 10053)).isEmpty();
    }

    @Test
    void listeningOnPort53WeSkipOurOwnInterfaces() throws Exception {
        Path f = dir.resolve("resolv.conf");
        Files.writeString(f, "nameserver 127.0.0.1\nnameserver 192.0.2.53\n");
        assertThat(Upstreams.fromResolvConf(f, Set.of(), 53)).containsExactly(new InetSocketAddress("192.0.2.53", 53));
        assertThat(Upstreams.fromResolvConf(f, Set.of(), 10053)).hasSize(2);
    }
}
