package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceAclTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
            "10.244.0.0/16, 10.244.3.9, true",
            "10.244.0.0/16, 10.245.0.1, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "0.0.0.0/0, 203.0.113.1, true",
            "::1/128, ::1, true",
            "::1/128, 127.0.0.1, false",
            "fd00::/8, fd12::5, true",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
    })
    void matchesByPrefix(String cidr, String source, boolean allowed) throws Exception {
        assertThat(SourceAcl.of(List.of(cidr)).allows(InetAddress.getByName(source))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "example.com", "", "::1/129"})
    void aBadCidrIsNamed(String cidr) {
        assertThatThrownBy(() -> SourceAcl.of(List.of(cidr))).hasMessage("--cluster-dns-allow: \"" + cidr + "\" is not an IPv4 or IPv6 CIDR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.1", "::1"})
    void anEmptyListAllowsEveryone(String source) throws Exception {
        assertThat(SourceAcl.EVERYONE.allows(InetAddress.getByName(source))).isTrue();
    }
}
