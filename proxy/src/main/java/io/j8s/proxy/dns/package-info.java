/**
 * Node-local cluster DNS: CoreDNS's {@code kubernetes} and {@code forward} plugins for one node,
 * fed by the Service and EndpointSlice informers the node already has. {@link
 * io.j8s.proxy.dns.ClusterDns#start} is the entry point; docs/dns.md says what it answers and why
 * it runs on every node.
 */
package io.j8s.proxy.dns;
