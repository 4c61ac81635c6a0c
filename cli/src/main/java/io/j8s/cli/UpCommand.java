package io.j8s.cli;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code j8s up}: a cluster on this machine in one command, for a first look: {@code j8s server}
 * with its data under {@code ~/.j8s/server} and N node agents ({@code ~/.j8s/agent/node-N}) in the
 * same process. Each agent joins as a separate one would, over HTTPS with the node token.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start a cluster on this machine: a server and its nodes.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where the cluster keeps its state (default: ~/.j8s).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".j8s");

    @Option(names = "--port", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
    int port = 6443;

    @Option(names = "--nodes", description = "Node agents to start (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

    @Option(names = "--runtime", description = "process or simulated, for the node agents (default: ${DEFAULT-VALUE}).")
    String runtime = "process";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether node-1 runs kube-proxy and cluster DNS (the AOT training runs neither). */
    boolean nodeNetworking = true;

    /** A cluster {@link #start} started: its server and its agents, closed in reverse, once. */
    record Cluster(ServerCommand.Running server, List<AgentCommand.Agent> agents, AtomicBoolean closed) implements AutoCloseable {
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            for (AgentCommand.Agent a : agents.reversed()) {
                a.kubelet().stopAllPods();
                a.close();
            }
            server.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (nodes < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must not be negative");
        if (!List.of("process", "simulated").contains(runtime)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runtime must be process or simulated, not " + runtime);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        List<Cluster> started = new ArrayList<>(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (started) {
                started.forEach(Cluster::close);
            }
            stopped.countDown();
        }, "j8s-shutdown"));
        Cluster cluster = start();
        synchronized (started) {
            started.add(cluster);
        }
        String what = nodes == 0 ? "the control plane" : "a server and " + nodes + (nodes == 1 ? " node" : " nodes");
        System.out.println("j8s is up: " + what + " (" + runtime + " runtime), serving on https://127.0.0.1:" + port);
        System.out.println();
        System.out.println("  export KUBECONFIG=" + cluster.server().kubeconfig());
        System.out.println("  kubectl get nodes");
        System.out.println();
        System.out.println("Ctrl-C stops everything (the cluster's state stays in " + dataDir + ").");
        stopped.await();
        return 0;
    }

    /** Starts the server, then its agents; returns once every node is registered. On a failure, what started is closed. */
    Cluster start() throws Exception {
        ServerCommand server = new ServerCommand();
        server.dataDir = dataDir.resolve("server");
        server.port = port;
        server.bindAddress = "127.0.0.1";
        server.advertiseAddress = "127.0.0.1";
        Cluster cluster = new Cluster(server.start(), new CopyOnWriteArrayList<>(), new AtomicBoolean());
        try {
            for (int i = 1; i <= nodes; i++) cluster.agents().add(agent(server, i).start(Clock.systemUTC()));
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private AgentCommand agent(ServerCommand server, int i) throws java.io.IOException {
        AgentCommand agent = new AgentCommand();
        agent.server = URI.create("https://127.0.0.1:" + port);
        agent.tokenFile = server.dataDir.resolve("node-token");
        agent.name = "node-" + i;
        agent.nodeIp = "127.0.0.1";
        agent.dataDir = dataDir.resolve("agent").resolve(agent.name);
        agent.runtime = runtime;
        agent.port = freePort();
        agent.address = "127.0.0.1";
        agent.bridge = "j8s" + i;
        // The nodes share this machine's network namespace: node-1's kube-proxy and cluster DNS
        // serve them all, without the fixed healthz/metrics ports a second `j8s up` would find taken.
        agent.disableClusterDns = i > 1 || !nodeNetworking;
        agent.disableKubeProxy = i > 1 || !nodeNetworking;
        agent.proxyFlags.metricsBindAddress = "127.0.0.1:0";
        agent.proxyFlags.healthzBindAddress = "127.0.0.1:0";
        return agent;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
