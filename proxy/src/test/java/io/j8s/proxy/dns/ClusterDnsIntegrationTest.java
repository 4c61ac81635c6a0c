package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.j8s.apiserver.TestServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server on loopback, fed by informers from a real API server, forwarding to a fake upstream. */
class ClusterDnsIntegrationTest {

    private TestServer server;
    private KubernetesClient client;
    private SharedInformerFactory informers;
    private FakeUpstream upstream;
    private PrometheusRegistry registry;
    private ClusterDns dns;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = client.informers();
        upstream = new FakeUpstream();
        registry = new PrometheusRegistry();
        dns = ClusterDns.start(informers, config(List.of(upstream.address())), registry);
        await("informers synced", () -> dns.hasSynced());
    }

    private static DnsConfig config(List<InetSocketAddress> upstreams) {
        return DnsConfig.defaults().withListen("127.0.0.1", 0).withUpstreams(upstreams).withForwardTimeout(Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        if (dns != null) dns.close();
        informers.stopAllRegisteredInformers();
        client.close();
        server.close();
        upstream.close();
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port()));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(2));
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        return r.send(q);
    }

    private List<String> answers(String name, int type) {
        try {
            Message m = ask(name, type, false);
            return m.getSection(Section.ANSWER).stream().map(ClusterZoneTest::text).sorted().toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int rcode(String name, int type) {
        try {
            return ask(name, type, false).getRcode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void answersFollowTheServiceThroughCreateUpdateAndDelete() throws Exception {
        String web = "web.default.svc.cluster.local.";
        assertThat(rcode(web, Type.A)).isEqualTo(Rcode.NXDOMAIN);
        client.services().inNamespace("default").resource(Fixtures.clusterIp("default", "web", "10.96.7.7", Fixtures.port(null, 80, "TCP"))).create();
        awaitEquals("A record", List.of(web + " A 10.96.7.7"), () -> answers(web, Type.A));

        Service svc = client.services().inNamespace("default").withName("web").get();
        svc.getSpec().getPorts().getFirst().setName("http");
        client.services().inNamespace("default").resource(svc).update();
        awaitEquals("SRV for the port once it has a name", List.of("_http._tcp." + web + " SRV 0 100 80 " + web),
                () -> answers("_http._tcp." + web, Type.SRV));

        assertThat(ask(web, Type.A, true).getSection(Section.ANSWER)).as("over TCP").hasSize(1);
        assertThat(answers("7.7.96.10.in-addr.arpa.", Type.PTR)).containsExactly("7.7.96.10.in-addr.arpa. PTR " + web);

        client.services().inNamespace("default").withName("web").delete();
        awaitEquals("NXDOMAIN after delete", Rcode.NXDOMAIN, () -> rcode(web, Type.A));
        assertThat(upstream.udpQueries.get() + upstream.tcpQueries.get()).as("cluster names never go upstream").isZero();
    }

    @Test
    void headlessServicesAnswerWithTheirSlicesEndpoints() throws Exception {
        client.services().inNamespace("default").resource(Fixtures.headless("default", "db", false, Fixtures.port("pg", 5432, "TCP"))).create();
        client.resources(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class).inNamespace("default").resource(
                Fixtures.slice("default", "db-abc", "db", "pg", 5432, Fixtures.endpoint("10.244.1.5", "db-0", true),
                        Fixtures.endpoint("10.244.1.6", null, false))).create();
        String db = "db.default.svc.cluster.local.";
        awaitEquals("ready endpoints", List.of(db + " A 10.244.1.5"), () -> answers(db, Type.A));
        assertThat(answers("db-0." + db, Type.A)).containsExactly("db-0." + db + " A 10.244.1.5");
        assertThat(answers("_pg._tcp." + db, Type.SRV)).containsExactly("_pg._tcp." + db + " SRV 0 100 5432 db-0." + db);
    }

    @Test
    void otherNamesAreForwardedAndTruncatedAnswersRetriedOverTcp() throws Exception {
        assertThat(answers("example.org.", Type.A)).containsExactly("example.org. A 192.0.2.1");
        assertThat(rcode("nx.example.org.", Type.A)).isEqualTo(Rcode.NXDOMAIN);

        Message big = ask("big.example.org.", Type.A, true);
        assertThat(big.getSection(Section.ANSWER)).as("whole over TCP, fetched upstream over TCP after a truncated UDP answer").hasSize(120);
        assertThat(upstream.tcpQueries.get()).isGreaterThanOrEqualTo(1);

        // The same over UDP without EDNS: truncated to 512 bytes, TC set, so the client retries over TCP.
        byte[] q = Message.newQuery(Record.newRecord(Name.fromConstantString("big.example.org."), Type.A, DClass.IN)).toWire();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), dns.port()));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            s.receive(p);
            assertThat(p.getLength()).isLessThanOrEqualTo(512);
            assertThat(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())).getHeader().getFlag(Flags.TC)).isTrue();
        }
        client.services().inNamespace("default").resource(Fixtures.externalName("default", "ext", "www.example.org")).create();
        awaitEquals("an ExternalName's target resolved upstream after its CNAME",
                List.of("ext.default.svc.cluster.local. CNAME www.example.org.", "www.example.org. A 192.0.2.1"),
                () -> answers("ext.default.svc.cluster.local.", Type.A));
        assertThat(metrics()).contains("coredns_forward_requests_total{to=\"" + dns.upstreams().getFirst() + "\"}");
        assertThat(metrics()).contains("plugin=\"forward\",rcode=\"NXDOMAIN\"");
    }

    @Test
    void servfailWhenNoUpstreamAnswers() throws Exception {
        FakeUpstream gone = new FakeUpstream();
        InetSocketAddress dead = gone.address();
        gone.close();
        try (ClusterDns other = ClusterDns.start(informers, config(List.of(dead)), new PrometheusRegistry())) {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), other.port()));
            r.setTimeout(Duration.ofSeconds(5));
            Message m = r.send(Message.newQuery(Record.newRecord(Name.fromConstantString("example.org."), Type.A, DClass.IN)));
            assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
            await("the second server shares the informers", other::hasSynced);
        }
    }

    private String metrics() throws Exception {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString();
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static <T> void awaitEquals(String what, T want, Supplier<T> value) {
        Object[] last = {null};
        try {
            await(what, () -> {
                last[0] = value.get();
                return want.equals(last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": wanted " + want + ", last " + last[0]);
        }
    }
}
