package io.j8s.api.validation;

import static io.j8s.api.validation.Fixtures.create;
import static io.j8s.api.validation.Fixtures.duplicate;
import static io.j8s.api.validation.Fixtures.forbidden;
import static io.j8s.api.validation.Fixtures.invalid;
import static io.j8s.api.validation.Fixtures.notSupported;
import static io.j8s.api.validation.Fixtures.required;
import static io.j8s.api.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Services, Endpoints and EndpointSlices. */
class ServiceValidationTest {

    record Case(String name, String yaml, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String service(String name, String spec) {
        return "{apiVersion: v1, kind: Service, metadata: {name: " + name + ", namespace: default}, spec: " + spec + "}";
    }

    static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
            + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
            + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a valid service", service("web", "{selector: {app: web}, ports: [{port: 80, targetPort: http}]}"), List.of()),
                new Case("a name that starts with a digit", service("1web", "{ports: [{port: 80}]}"),
                        List.of(invalid("metadata.name", "\"1web\": " + DNS1035))),
                new Case("no ports", service("web", "{selector: {app: web}}"), List.of(required("spec.ports", ""))),
                new Case("a headless service needs no ports", service("web", "{clusterIP: None, selector: {app: web}}"), List.of()),
                new Case("two unnamed ports", service("web", "{ports: [{port: 80}, {port: 443}]}"),
                        List.of(required("spec.ports[0].name", ""), required("spec.ports[1].name", ""))),
                new Case("a port twice and a name twice", service("web", """
                        {ports: [{name: a, port: 80}, {name: a, port: 80}]}"""),
                        List.of(duplicate("spec.ports[1].name", "\"a\""),
                                duplicate("spec.ports[1]", "core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), "
                                        + "Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"))),
                new Case("a port out of range and a bad target name", service("web", "{ports: [{port: 0, targetPort: HTTP_PORT}]}"),
                        List.of(invalid("spec.ports[0].port", "0: must be between 1 and 65535, inclusive"),
                                invalid("spec.ports[0].targetPort", "\"HTTP_PORT\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
                                invalid("spec.ports[0].targetPort", "\"HTTP_PORT\": must contain at least one letter (a-z)"))),
                new Case("an unknown type and protocol", service("web", "{type: Public, ports: [{port: 80, protocol: QUIC}]}"),
                        List.of(notSupported("spec.ports[0].protocol", "\"QUIC\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
                                notSupported("spec.type", "\"Public\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""))),
                new Case("a node port on a ClusterIP service", service("web", "{ports: [{port: 80, nodePort: 30080}]}"),
                        List.of(forbidden("spec.ports[0].nodePort", "may not be used when `type` is 'ClusterIP'"))),
                new Case("a headless NodePort service", service("web", "{type: NodePort, clusterIP: None, ports: [{port: 80}]}"),
                        List.of(invalid("spec.clusterIPs[0]", "\"None\": may not be set to 'None' for NodePort services"))),
                new Case("a bad cluster IP", service("web", "{clusterIP: 10.0.0.300, ports: [{port: 80}]}"),
                        List.of(invalid("spec.clusterIPs[0]", "\"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))),
                new Case("two families for a single stack", service("web", "{ipFamilyPolicy: SingleStack, ipFamilies: [IPv4, IPv6], ports: [{port: 80}]}"),
                        List.of(invalid("spec.ipFamilyPolicy", "\"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple "
                                + "IP families are specified"))),
                new Case("an ExternalName without a name to point at", service("db", "{type: ExternalName}"),
                        List.of(required("spec.externalName", ""))),
                new Case("an ExternalName that is not a DNS name", service("db", "{type: ExternalName, externalName: 'db_1.example.com'}"),
                        List.of(invalid("spec.externalName", "\"db_1.example.com\": " + PodValidationTest.DNS_SUBDOMAIN))),
                new Case("client-IP affinity with a day and more", service("web", """
                        {sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}, ports: [{port: 80}]}"""),
                        List.of(invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", "86401: must be greater than 0 and less than 86400"))),
                new Case("an external traffic policy on an internal service", service("web", "{externalTrafficPolicy: Local, ports: [{port: 80}]}"),
                        List.of(invalid("spec.externalTrafficPolicy", "\"Local\": may only be set for externally-accessible services"))),
                new Case("a loopback external IP", service("web", "{externalIPs: [127.0.0.1], ports: [{port: 80}]}"),
                        List.of(invalid("spec.externalIPs[0]", "\"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"))),
                new Case("valid Endpoints", """
                        {apiVersion: v1, kind: Endpoints, metadata: {name: web, namespace: default},
                         subsets: [{addresses: [{ip: 10.244.1.5}], ports: [{port: 80}]}]}""", List.of()),
                new Case("Endpoints without addresses", """
                        {apiVersion: v1, kind: Endpoints, metadata: {name: web, namespace: default},
                         subsets: [{ports: [{port: 80}]}]}""",
                        List.of(required("subsets[0]", "must specify `addresses` or `notReadyAddresses`"))),
                new Case("an EndpointSlice without address type", """
                        {apiVersion: discovery.k8s.io/v1, kind: EndpointSlice, metadata: {name: web-1, namespace: default},
                         endpoints: [{addresses: [10.0.0.1]}]}""",
                        List.of(required("addressType", ""))),
                new Case("an EndpointSlice with a bad address", """
                        {apiVersion: discovery.k8s.io/v1, kind: EndpointSlice, metadata: {name: web-1, namespace: default},
                         addressType: IPv4, endpoints: [{addresses: [fd00::1]}, {addresses: []}], ports: [{port: 80, protocol: ICMP}]}""",
                        List.of(invalid("endpoints[0].addresses[0]", "\"fd00::1\": must be a valid IPv4 address"),
                                required("endpoints[1].addresses", "must contain at least 1 address"),
                                notSupported("ports[0].protocol", "\"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesNewServices(Case c) {
        assertThat(create(c.yaml())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    record Update(String name, String stored, Consumer<ObjectNode> change, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String ALLOCATED = service("web", "{clusterIP: 10.96.0.10, selector: {app: web}, ports: [{port: 80}]}");

    static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.get("spec");
    }

    static Stream<Update> updates() {
        return Stream.of(
                new Update("a new port", ALLOCATED, s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.at("/spec/ports"))
                        .addObject().put("name", "b").put("port", 81), List.of(
                        required("spec.ports[0].name", ""))),
                new Update("another cluster IP", ALLOCATED, s -> {
                    spec(s).put("clusterIP", "10.96.0.11");
                    spec(s).putArray("clusterIPs").add("10.96.0.11");
                }, List.of(invalid("spec.clusterIPs[0]", "[]string{\"10.96.0.11\"}: may not change once set"))),
                new Update("to ExternalName, dropping the address", ALLOCATED, s -> {
                    spec(s).put("type", "ExternalName").put("externalName", "web.example.com");
                    for (String f : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy")) spec(s).remove(f);
                }, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void clusterIpsStayUnlessTheServiceGoesExternal(Update c) {
        assertThat(update(c.stored(), c.change())).containsExactlyInAnyOrderElementsOf(c.want());
    }
}
