/**
 * kube-proxy and cluster DNS: the node's view of Services. Both are API clients that watch
 * Services and EndpointSlices through shared informers; the proxy turns them into nftables rules
 * (root on Linux) or userspace forwarders, the DNS server into answers for {@code cluster.local}.
 */
package io.j8s.proxy;
