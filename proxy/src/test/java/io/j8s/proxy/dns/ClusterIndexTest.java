package io.j8s.proxy.dns;

import static io.j8s.proxy.dns.Fixtures.clusterIp;
import static io.j8s.proxy.dns.Fixtures.endpoint;
import static io.j8s.proxy.dns.Fixtures.headless;
import static io.j8s.proxy.dns.Fixtures.port;
import static io.j8s.proxy.dns.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The index follows informer events one at a time, in any order. */
class ClusterIndexTest {

    private final ClusterIndex index = new ClusterIndex(Name.fromConstantString("cluster.local."), 5);

    private List<String> at(String name) {
        List<Record> r = index.lookup(Name.fromConstantString(name));
        // SRV records at the service name are left out here: ClusterZoneTest covers them.
        return r == null ? null : r.stream().filter(x -> x.getType() != org.xbill.DNS.Type.SRV || name.startsWith("_"))
                .map(ClusterZoneTest::text).sorted().toList();
    }

    @Test
    void anUpdatedClusterIpReplacesTheOldAddressAndItsPtr() {
        index.putService(clusterIp("default", "web", "10.96.0.50"));
        index.putService(clusterIp("default", "web", "10.96.0.51"));
        assertThat(at("web.default.svc.cluster.local.")).containsExactly("web.default.svc.cluster.local. A 10.96.0.51");
        assertThat(at("50.0.96.10.in-addr.arpa.")).isNull();
        assertThat(at("51.0.96.10.in-addr.arpa.")).containsExactly("51.0.96.10.in-addr.arpa. PTR web.default.svc.cluster.local.");
    }

    @Test
    void aDeletedServiceLeavesNothingBehind() {
        index.putService(clusterIp("default", "web", "10.96.0.50", port("http", 80, "TCP")));
        index.putService(clusterIp("other", "api", "10.96.0.60"));
        long serial = index.serial();
        index.deleteService(clusterIp("default", "web", "10.96.0.50"));
        assertThat(at("web.default.svc.cluster.local.")).isNull();
        assertThat(at("_http._tcp.web.default.svc.cluster.local.")).isNull();
        assertThat(at("default.svc.cluster.local.")).as("the namespace has no service left").isNull();
        assertThat(at("other.svc.cluster.local.")).isEmpty();
        assertThat(at("svc.cluster.local.")).isEmpty();
        assertThat(index.serial()).isGreaterThan(serial);
    }

    @Test
    void aNamespaceExistsWhileAnyOfItsServicesDoes() {
        index.putService(clusterIp("default", "a", "10.96.0.1"));
        index.putService(clusterIp("default", "b", "10.96.0.2"));
        index.deleteService(clusterIp("default", "a", "10.96.0.1"));
        assertThat(at("default.svc.cluster.local.")).isEmpty();
        index.deleteService(clusterIp("default", "b", "10.96.0.2"));
        assertThat(at("default.svc.cluster.local.")).isNull();
    }

    @Test
    void slicesBeforeTheirServiceCountOnceItArrives() {
        index.putSlice(slice("default", "db-1", "db", "pg", 5432, endpoint("10.244.1.5", null, true)));
        assertThat(at("db.default.svc.cluster.local.")).isNull();
        index.putService(headless("default", "db", false, port("pg", 5432, "TCP")));
        assertThat(at("db.default.svc.cluster.local.")).containsExactly("db.default.svc.cluster.local. A 10.244.1.5");
    }

    @Test
    void endpointsFollowTheirSlices() {
        index.putService(headless("default", "db", false, port("pg", 5432, "TCP")));
        index.putSlice(slice("default", "db-1", "db", "pg", 5432, endpoint("10.244.1.5", "db-0", true), endpoint("10.244.1.6", "db-1", true)));
        index.putSlice(slice("default", "db-2", "db", "pg", 5432, endpoint("10.244.2.5", null, true)));
        assertThat(at("db.default.svc.cluster.local.")).hasSize(3);

        index.putSlice(slice("default", "db-1", "db", "pg", 5432, endpoint("10.244.1.5", "db-0", true), endpoint("10.244.1.6", "db-1", false)));
        assertThat(at("db-1.db.default.svc.cluster.local.")).as("not ready any more").isNull();
        assertThat(at("6.1.244.10.in-addr.arpa.")).isNull();

        index.deleteSlice(slice("default", "db-2", "db", "pg", 5432));
        assertThat(at("db.default.svc.cluster.local.")).containsExactly("db.default.svc.cluster.local. A 10.244.1.5");
        assertThat(at("_pg._tcp.db.default.svc.cluster.local.")).containsExactly(
                "_pg._tcp.db.default.svc.cluster.local. SRV 0 100 5432 db-0.db.default.svc.cluster.local.");
    }

    @Test
    void aSliceRelabelledToAnotherServiceMovesWithIt() {
        index.putService(headless("default", "a", false));
        index.putService(headless("default", "b", false));
        index.putSlice(slice("default", "s", "a", "p", 1, endpoint("10.244.1.5", null, true)));
        index.putSlice(slice("default", "s", "b", "p", 1, endpoint("10.244.1.5", null, true)));
        assertThat(at("a.default.svc.cluster.local.")).isEmpty();
        assertThat(at("b.default.svc.cluster.local.")).containsExactly("b.default.svc.cluster.local. A 10.244.1.5");
        assertThat(at("5.1.244.10.in-addr.arpa.")).containsExactly("5.1.244.10.in-addr.arpa. PTR 10-244-1-5.b.default.svc.cluster.local.");
    }

    @Test
    void anAddressInTwoServicesHasBothPtrsUntilOneGoes() {
        index.putService(headless("default", "a", false));
        index.putService(headless("default", "b", false));
        index.putSlice(slice("default", "sa", "a", "p", 1, endpoint("10.244.1.5", null, true)));
        index.putSlice(slice("default", "sb", "b", "p", 1, endpoint("10.244.1.5", null, true)));
        assertThat(at("5.1.244.10.in-addr.arpa.")).hasSize(2);
        index.deleteService(headless("default", "a", false));
        assertThat(at("5.1.244.10.in-addr.arpa.")).containsExactly("5.1.244.10.in-addr.arpa. PTR 10-244-1-5.b.default.svc.cluster.local.");
        assertThat(index.services()).isEqualTo(1);
    }
}
