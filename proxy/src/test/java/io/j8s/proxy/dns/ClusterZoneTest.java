package io.j8s.proxy.dns;

import static io.j8s.proxy.dns.Fixtures.clusterIp;
import static io.j8s.proxy.dns.Fixtures.endpoint;
import static io.j8s.proxy.dns.Fixtures.externalName;
import static io.j8s.proxy.dns.Fixtures.headless;
import static io.j8s.proxy.dns.Fixtures.port;
import static io.j8s.proxy.dns.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ClusterZoneTest {

    /** The cluster every case asks about. */
    static ClusterIndex cluster() {
        ClusterIndex index = new ClusterIndex(Name.fromConstantString("cluster.local."), 5);
        index.putService(clusterIp("default", "web", "10.96.0.50", port("http", 80, "TCP"), port("dns", 53, "UDP"), port(null, 9090, "TCP")));
        index.putService(clusterIp("kube-system", "kube-dns", "10.96.0.10", port("dns", 53, "UDP"), port("dns-tcp", 53, "TCP")));
        index.putService(headless("default", "db", false, port("pg", 5432, "TCP")));
        index.putSlice(slice("default", "db-abcde", "db", "pg", 5432,
                endpoint("10.244.1.5", "db-0", true), endpoint("10.244.1.6", null, true), endpoint("10.244.1.7", null, false)));
        index.putService(headless("default", "all", true, port("pg", 5432, "TCP")));
        index.putSlice(slice("default", "all-xyz", "all", "pg", 5432,
                endpoint("10.244.2.5", null, true), endpoint("10.244.2.7", null, false)));
        index.putService(headless("default", "empty", false));
        index.putService(externalName("default", "ext", "example.com"));
        index.putService(externalName("default", "alias", "web.default.svc.cluster.local"));
        return index;
    }

    /** What the answer should be: rcode, answer records as text (sorted), SOA in authority or not. */
    record Want(int rcode, List<String> answers, boolean soa) {
        static Want records(String... answers) {
            return new Want(Rcode.NOERROR, List.of(answers), false);
        }

        static Want noData() {
            return new Want(Rcode.NOERROR, List.of(), true);
        }

        static Want nxdomain() {
            return new Want(Rcode.NXDOMAIN, List.of(), true);
        }
    }

    record Case(String name, String qname, int qtype, Want want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String web = "web.default.svc.cluster.local.";
        String db = "db.default.svc.cluster.local.";
        return Stream.of(
                new Case("service A is the ClusterIP", web, Type.A, Want.records(web + " A 10.96.0.50")),
                new Case("names are case-insensitive", "WEB.Default.svc.cluster.local.", Type.A, Want.records(web + " A 10.96.0.50")),
                new Case("AAAA of a v4 service is NODATA", web, Type.AAAA, Want.noData()),
                new Case("TXT of a service is NODATA", web, Type.TXT, Want.noData()),
                new Case("unknown service is NXDOMAIN", "nosuch.default.svc.cluster.local.", Type.A, Want.nxdomain()),
                new Case("namespace with services exists, without data", "default.svc.cluster.local.", Type.A, Want.noData()),
                new Case("namespace without services is NXDOMAIN", "nosuch.svc.cluster.local.", Type.A, Want.nxdomain()),
                new Case("svc. exists", "svc.cluster.local.", Type.A, Want.noData()),
                new Case("name below a service is NXDOMAIN", "x.web.default.svc.cluster.local.", Type.A, Want.nxdomain()),
                new Case("SRV for a named TCP port", "_http._tcp." + web, Type.SRV, Want.records("_http._tcp." + web + " SRV 0 100 80 " + web)),
                new Case("SRV for a named UDP port", "_dns._udp." + web, Type.SRV, Want.records("_dns._udp." + web + " SRV 0 100 53 " + web)),
                new Case("SRV with the wrong protocol is NXDOMAIN", "_http._udp." + web, Type.SRV, Want.nxdomain()),
                new Case("_tcp below a service exists", "_tcp." + web, Type.SRV, Want.noData()),
                new Case("SRV at the service name lists every port", web, Type.SRV, Want.records(
                        web + " SRV 0 33 53 " + web, web + " SRV 0 33 80 " + web, web + " SRV 0 33 9090 " + web)),
                new Case("headless A is each ready endpoint", db, Type.A, Want.records(db + " A 10.244.1.5", db + " A 10.244.1.6")),
                new Case("headless with publishNotReadyAddresses has every endpoint", "all.default.svc.cluster.local.", Type.A, Want.records(
                        "all.default.svc.cluster.local. A 10.244.2.5", "all.default.svc.cluster.local. A 10.244.2.7")),
                new Case("headless without endpoints is NODATA", "empty.default.svc.cluster.local.", Type.A, Want.noData()),
                new Case("endpoint by hostname", "db-0." + db, Type.A, Want.records("db-0." + db + " A 10.244.1.5")),
                new Case("endpoint without hostname by dashed address", "10-244-1-6." + db, Type.A, Want.records("10-244-1-6." + db + " A 10.244.1.6")),
                new Case("not-ready endpoint has no name", "10-244-1-7." + db, Type.A, Want.nxdomain()),
                new Case("headless SRV: one per endpoint, targets the endpoint", "_pg._tcp." + db, Type.SRV, Want.records(
                        "_pg._tcp." + db + " SRV 0 50 5432 10-244-1-6." + db, "_pg._tcp." + db + " SRV 0 50 5432 db-0." + db)),
                new Case("ExternalName in the zone: CNAME and the target's A", "alias.default.svc.cluster.local.", Type.A, Want.records(
                        "alias.default.svc.cluster.local. CNAME " + web, web + " A 10.96.0.50")),
                new Case("ExternalName asked for its CNAME", "ext.default.svc.cluster.local.", Type.CNAME, Want.records(
                        "ext.default.svc.cluster.local. CNAME example.com.")),
                new Case("pod A from the name", "10-244-3-7.default.pod.cluster.local.", Type.A, Want.records(
                        "10-244-3-7.default.pod.cluster.local. A 10.244.3.7")),
                new Case("pod AAAA of a v4 name is NODATA", "10-244-3-7.default.pod.cluster.local.", Type.AAAA, Want.noData()),
                new Case("pod name that is no address is NXDOMAIN", "not-an-ip.default.pod.cluster.local.", Type.A, Want.nxdomain()),
                new Case("pod v6 name", "fd00--7.default.pod.cluster.local.", Type.AAAA, Want.records("fd00--7.default.pod.cluster.local. AAAA fd00:0:0:0:0:0:0:7")),
                new Case("PTR of a ClusterIP", "50.0.96.10.in-addr.arpa.", Type.PTR, Want.records("50.0.96.10.in-addr.arpa. PTR " + web)),
                new Case("PTR of an endpoint with hostname", "5.1.244.10.in-addr.arpa.", Type.PTR, Want.records("5.1.244.10.in-addr.arpa. PTR db-0." + db)),
                new Case("PTR of an endpoint without", "6.1.244.10.in-addr.arpa.", Type.PTR, Want.records(
                        "6.1.244.10.in-addr.arpa. PTR 10-244-1-6." + db)),
                new Case("dns-version TXT", "dns-version.cluster.local.", Type.TXT, Want.records("dns-version.cluster.local. TXT \"1.1.0\"")),
                new Case("apex SOA", "cluster.local.", Type.SOA, new Want(Rcode.NOERROR, List.of("SOA"), false)),
                new Case("apex NS", "cluster.local.", Type.NS, Want.records("cluster.local. NS ns.dns.cluster.local.")),
                new Case("the name server is the kube-dns Service", "ns.dns.cluster.local.", Type.A, Want.records("ns.dns.cluster.local. A 10.96.0.10")),
                new Case("the name server has no AAAA", "ns.dns.cluster.local.", Type.AAAA, Want.noData()),
                new Case("apex A is NODATA", "cluster.local.", Type.A, Want.noData()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answers(Case c) {
        ClusterZone zone = new ClusterZone(cluster());
        ClusterZone.Answer a = zone.answer(query(c.qname(), c.qtype()));
        assertThat(a).isInstanceOf(ClusterZone.Answer.Local.class);
        Message m = ((ClusterZone.Answer.Local) a).response();
        assertThat(m.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(Rcode.string(m.getRcode())).isEqualTo(Rcode.string(c.want().rcode()));
        List<String> answers = m.getSection(Section.ANSWER).stream().map(ClusterZoneTest::text).sorted().toList();
        if (c.want().answers().equals(List.of("SOA"))) {
            assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
        } else {
            assertThat(answers).isEqualTo(c.want().answers().stream().sorted().toList());
        }
        List<Record> authority = m.getSection(Section.AUTHORITY);
        if (c.want().soa()) {
            assertThat(authority).singleElement().satisfies(r -> {
                assertThat(r.getType()).isEqualTo(Type.SOA);
                assertThat(r.rdataToString()).startsWith("ns.dns.cluster.local. hostmaster.cluster.local. ");
                assertThat(r.rdataToString()).endsWith(" 7200 1800 86400 5");
            });
        } else {
            assertThat(authority).isEmpty();
        }
        for (Record r : m.getSection(Section.ANSWER)) assertThat(r.getTTL()).isEqualTo(5);
    }

    @Test
    void srvAnswersCarryTheTargetsAddresses() {
        Message m = local(new ClusterZone(cluster()).answer(query("_pg._tcp.db.default.svc.cluster.local.", Type.SRV)));
        assertThat(m.getSection(Section.ADDITIONAL).stream().map(ClusterZoneTest::text).sorted()).containsExactly(
                "10-244-1-6.db.default.svc.cluster.local. A 10.244.1.6", "db-0.db.default.svc.cluster.local. A 10.244.1.5");
    }

    @Test
    void externalNameOutsideTheZoneIsChasedUpstream() {
        ClusterZone.Answer a = new ClusterZone(cluster()).answer(query("ext.default.svc.cluster.local.", Type.A));
        assertThat(a).isInstanceOfSatisfying(ClusterZone.Answer.Chase.class, c -> {
            assertThat(c.target()).isEqualTo(Name.fromConstantString("example.com."));
            assertThat(c.response().getSection(Section.ANSWER).stream().map(ClusterZoneTest::text))
                    .containsExactly("ext.default.svc.cluster.local. CNAME example.com.");
        });
    }

    @Test
    void namesOutsideTheZoneAndUnknownAddressesAreForwarded() {
        ClusterZone zone = new ClusterZone(cluster());
        assertThat(zone.answer(query("example.org.", Type.A))).isInstanceOf(ClusterZone.Answer.Forward.class);
        assertThat(zone.answer(query("9.9.9.9.in-addr.arpa.", Type.PTR))).isInstanceOf(ClusterZone.Answer.Forward.class);
        assertThat(zone.answer(query("cluster.local.example.org.", Type.A))).isInstanceOf(ClusterZone.Answer.Forward.class);
    }

    @Test
    void beforeTheInformersSyncClusterNamesAreServfail() {
        boolean[] synced = {false};
        ClusterZone zone = new ClusterZone(cluster(), () -> synced[0]);
        Message m = local(zone.answer(query("web.default.svc.cluster.local.", Type.A)));
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(zone.answer(query("example.org.", Type.A))).isInstanceOf(ClusterZone.Answer.Forward.class);
        synced[0] = true;
        assertThat(local(zone.answer(query("web.default.svc.cluster.local.", Type.A))).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void anotherClusterDomain() {
        ClusterIndex index = new ClusterIndex(Name.fromConstantString("corp.internal."), 30);
        index.putService(clusterIp("default", "web", "10.96.0.50"));
        ClusterZone zone = new ClusterZone(index);
        Message m = local(zone.answer(query("web.default.svc.corp.internal.", Type.A)));
        assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(r.getTTL()).isEqualTo(30));
        assertThat(zone.answer(query("web.default.svc.cluster.local.", Type.A))).isInstanceOf(ClusterZone.Answer.Forward.class);
    }

    @Test
    void v6AddressesAreDashedInTheirShortForm() throws Exception {
        assertThat(ServiceRecords.dashed(java.net.InetAddress.getByName("fd00::7"))).isEqualTo("fd00--7");
        assertThat(ServiceRecords.dashed(java.net.InetAddress.getByName("fd00:1:0:0:2::"))).isEqualTo("fd00-1-0-0-2--");
        assertThat(ServiceRecords.dashed(java.net.InetAddress.getByName("::1"))).isEqualTo("--1");
        assertThat(ServiceRecords.dashed(java.net.InetAddress.getByName("1:2:3:4:5:6:7:8"))).isEqualTo("1-2-3-4-5-6-7-8");
    }

    static Message local(ClusterZone.Answer a) {
        assertThat(a).isInstanceOf(ClusterZone.Answer.Local.class);
        return ((ClusterZone.Answer.Local) a).response();
    }

    static Message query(String name, int type) {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        q.getHeader().setFlag(Flags.RD);
        return q;
    }

    /** "name TYPE rdata", without TTL and class. */
    static String text(Record r) {
        return r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString();
    }
}
