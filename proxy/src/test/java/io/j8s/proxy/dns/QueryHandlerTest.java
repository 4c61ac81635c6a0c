package io.j8s.proxy.dns;

import static io.j8s.proxy.dns.Fixtures.endpoint;
import static io.j8s.proxy.dns.Fixtures.headless;
import static io.j8s.proxy.dns.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Bytes in, bytes out: EDNS, truncation, errors and metrics, without a socket. */
class QueryHandlerTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DnsMetrics metrics = new DnsMetrics(registry, "dns://:10053");
    private final ClusterIndex index = new ClusterIndex(Name.fromConstantString("cluster.local."), 5);
    private final QueryHandler handler = new QueryHandler(new ClusterZone(index), new Forwarder(List.of(), Duration.ofSeconds(1), metrics), metrics);

    QueryHandlerTest() {
        index.putService(headless("default", "big", false));
        Endpoint[] many = new Endpoint[100];
        for (int i = 0; i < many.length; i++) many[i] = endpoint("10.244." + (i / 250) + "." + (i % 250 + 1), null, true);
        index.putSlice(slice("default", "big-1", "big", "p", 80, many));
    }

    private Message ask(Message query, QueryHandler.Proto proto) throws Exception {
        byte[] q = query.toWire();
        byte[] reply = handler.handle(q, q.length, proto, false).get();
        return new Message(reply);
    }

    @Test
    void udpAnswersOver512BytesWithoutEdnsAreTruncated() throws Exception {
        Message m = ask(ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A), QueryHandler.Proto.UDP);
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(m.toWire().length).isLessThanOrEqualTo(512);
    }

    @Test
    void theClientsEdnsBufferSizeIsRespected() throws Exception {
        Message q = ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message m = ask(q, QueryHandler.Proto.UDP);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).hasSize(100);
        assertThat(m.getOPT()).as("an EDNS query gets an EDNS answer").isNotNull();
        assertThat(m.getOPT().getPayloadSize()).isEqualTo(QueryHandler.EDNS_SIZE);

        Message small = ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A);
        small.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message cut = ask(small, QueryHandler.Proto.UDP);
        assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(cut.toWire().length).isLessThanOrEqualTo(1232);
    }

    @Test
    void tcpAnswersAreWhole() throws Exception {
        Message m = ask(ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A), QueryHandler.Proto.TCP);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).hasSize(100);
    }

    @Test
    void withNoUpstreamOtherNamesAreServfail() throws Exception {
        Message m = ask(ClusterZoneTest.query("example.org.", Type.A), QueryHandler.Proto.UDP);
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void responsesAreNeverAnswered() throws Exception {
        Message m = ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A);
        m.getHeader().setFlag(Flags.QR);
        byte[] wire = m.toWire();
        assertThat(handler.handle(wire, wire.length, QueryHandler.Proto.UDP, false).get()).isNull();
    }

    @Test
    void garbageGetsFormerrAndRuntsNothing() throws Exception {
        byte[] junk = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'b', 'r'};
        Message m = new Message(handler.handle(junk, junk.length, QueryHandler.Proto.UDP, false).get());
        assertThat(m.getHeader().getID()).isEqualTo(0x1234);
        assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(handler.handle(new byte[] {1, 2, 3}, 3, QueryHandler.Proto.UDP, false).get()).isNull();
    }

    @Test
    void metricsHaveCoreDnsNames() throws Exception {
        ask(ClusterZoneTest.query("big.default.svc.cluster.local.", Type.A), QueryHandler.Proto.UDP);
        ask(ClusterZoneTest.query("nosuch.default.svc.cluster.local.", Type.AAAA), QueryHandler.Proto.TCP);
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString();
        assertThat(text).contains("coredns_dns_requests_total{family=\"1\",proto=\"udp\",server=\"dns://:10053\",type=\"A\",view=\"\",zone=\".\"} 1.0");
        assertThat(text).contains("coredns_dns_responses_total{plugin=\"kubernetes\",rcode=\"NXDOMAIN\",server=\"dns://:10053\",view=\"\",zone=\".\"} 1.0");
        assertThat(text).contains("coredns_dns_request_duration_seconds_bucket{");
    }
}
