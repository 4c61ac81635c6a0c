package io.j8s.proxy.tracker;

/**
 * One endpoint of one Service port, from an EndpointSlice (upstream's {@code BaseEndpointInfo}).
 *
 * @param local       on this node (the endpoint's nodeName is the proxy's node)
 */
public record Endpoint(String ip, int port, String nodeName, boolean ready, boolean serving, boolean terminating,
                       boolean local) {

    /** {@code ip:port}, as upstream prints an endpoint. */
    public String address() {
        return ip + ":" + port;
    }
}
