package io.j8s.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.node.Machine;
import io.j8s.proxy.KubeProxy;
import io.j8s.proxy.ProxyConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code j8s proxy}: kube-proxy on its own, an API client with a kubeconfig ({@code j8s agent} runs one too). */
@Command(name = "proxy", mixinStandardHelpOptions = true, description = "Run kube-proxy (Services to nftables rules or userspace forwarders) against an API server.")
final class ProxyCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", description = "Kubeconfig of the API server (required unless --cleanup).")
    Path kubeconfig;

    @Option(names = "--hostname-override", description = "This node's name (default: this host's name).")
    String hostname;

    @Option(names = "--node-ip", description = "The node's address (userspace forwarders listen there; default: this host's first IPv4 address).")
    String nodeIp;

    @Option(names = "--cleanup", description = "Remove the proxy's nftables table (ip j8s-proxy) and exit.")
    boolean cleanup;

    @Mixin
    ProxyFlags flags = new ProxyFlags();

    @Override
    public Integer call() throws Exception {
        String node = hostname != null ? hostname : Machine.linux(Path.of("/")).hostname();
        String ip = nodeIp != null ? nodeIp : ServerCommand.firstIpv4();
        ProxyConfig config = flags.config(node, ip, 0);
        if (cleanup) return KubeProxy.cleanup(config) ? 0 : 1;
        if (kubeconfig == null) throw new IllegalArgumentException("--kubeconfig is required");
        KubernetesClient client = Clients.fromKubeconfig(kubeconfig);
        var informers = client.informers();
        KubeProxy proxy = KubeProxy.start(client, informers, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            informers.stopAllRegisteredInformers();
            client.close();
            stopped.countDown();
        }, "j8s-shutdown"));
        stopped.await();
        return 0;
    }
}
