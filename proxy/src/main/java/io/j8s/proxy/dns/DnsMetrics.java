package io.j8s.proxy.dns;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * CoreDNS's metrics, with its names and labels (plugin/metrics/vars, plugin/forward/metrics.go),
 * registered in the registry of whoever serves /metrics. {@code zone} is {@code "."}: CoreDNS's
 * default Corefile serves the cluster domain and forwarding from one server block for the root.
 */
final class DnsMetrics {

    /** CoreDNS's plugin.TimeBuckets: 0.25 ms doubling to about 8 s. */
    private static final double[] TIME_BUCKETS = exponential(0.00025, 2, 16);

    /** The types CoreDNS's metrics name; every other type is counted as "other". */
    private static final Set<Integer> MONITORED = Set.of(Type.A, Type.AAAA, Type.NS, Type.PTR, Type.SOA, Type.CNAME, Type.MX,
            Type.TXT, Type.SRV, Type.ANY, Type.HTTPS, Type.SVCB, Type.NAPTR, Type.DNSKEY, Type.DS, Type.IXFR, Type.AXFR);

    private final Counter requests;
    private final Counter responses;
    private final Histogram duration;
    private final Counter forwardRequests;
    private final Counter forwardResponses;
    private final String server;

    DnsMetrics(PrometheusRegistry registry, String server) {
        this.server = server;
        requests = Counter.builder().name("coredns_dns_requests_total").help("Counter of DNS requests made per zone, protocol and family.")
                .labelNames("server", "zone", "view", "proto", "family", "type").register(registry);
        responses = Counter.builder().name("coredns_dns_responses_total").help("Counter of response status codes.")
                .labelNames("server", "zone", "view", "rcode", "plugin").register(registry);
        duration = Histogram.builder().name("coredns_dns_request_duration_seconds").help("Histogram of the time (in seconds) each request took per zone.")
                .classicOnly().classicUpperBounds(TIME_BUCKETS).labelNames("server", "zone", "view", "type").register(registry);
        forwardRequests = Counter.builder().name("coredns_forward_requests_total").help("Counter of requests made per upstream.")
                .labelNames("to").register(registry);
        forwardResponses = Counter.builder().name("coredns_forward_responses_total").help("Counter of responses received per upstream.")
                .labelNames("to", "rcode").register(registry);
    }

    void request(String proto, boolean ipv6, int qtype) {
        requests.labelValues(server, ".", "", proto, ipv6 ? "2" : "1", type(qtype)).inc();
    }

    void response(int rcode, String plugin, int qtype, double seconds) {
        responses.labelValues(server, ".", "", Rcode.string(rcode), plugin).inc();
        duration.labelValues(server, ".", "", type(qtype)).observe(seconds);
    }

    void forwardRequest(String to) {
        forwardRequests.labelValues(to).inc();
    }

    void forwardResponse(String to, int rcode) {
        forwardResponses.labelValues(to, Rcode.string(rcode)).inc();
    }

    private static String type(int qtype) {
        return MONITORED.contains(qtype) ? Type.string(qtype) : "other";
    }

    private static double[] exponential(double start, double factor, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
        return b;
    }
}
