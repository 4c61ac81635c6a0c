package io.j8s.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code j8s up}: a cluster on this machine in one command, for a first look. Today that is the
 * control plane ({@code j8s server} with its data under {@code ~/.j8s/server}); node agents join
 * it when the kubelet lands (issue #5).
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start a cluster on this machine (today: the control plane).")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where the cluster keeps its state (default: ~/.j8s).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".j8s");

    @Option(names = "--port", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
    int port = 6443;

    @Option(names = "--nodes", description = "Node agents to start; none until the kubelet exists (issue #5).")
    int nodes = 0;

    @Option(names = "--runtime", description = "process or simulated, for the node agents (issue #5).")
    String runtime = "process";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (nodes > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--nodes: node agents are not part of j8s yet (the kubelet is issue #5); run without --nodes for the control plane");
        }
        ServerCommand server = new ServerCommand();
        server.dataDir = dataDir.resolve("server");
        server.port = port;
        server.bindAddress = "127.0.0.1";
        server.advertiseAddress = "127.0.0.1";
        server.onReady = () -> {
            System.out.println("j8s is up: the control plane is serving on https://127.0.0.1:" + port);
            System.out.println();
            System.out.println("  export KUBECONFIG=" + server.dataDir.resolve("kubeconfig").toAbsolutePath());
            System.out.println("  kubectl get namespaces");
            System.out.println();
            System.out.println("No nodes yet: pods stay Pending until the node agent lands (issue #5). Ctrl-C stops everything.");
        };
        return server.call();
    }
}
