package io.j8s.cli;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code j8s aot-training}: the workload {@code ./j8s build} runs once under
 * {@code -XX:AOTCacheOutput} (JDK 25+), so that later starts load and link their classes from the
 * cache the JVM writes at its exit (JEP 483) and compile with its method profiles (JEP 515). It
 * starts what {@code j8s up} starts, with one node, rolls out a Deployment of two pods, and
 * stops. With {@code --runtime process} (root, in a network namespace the launcher made for it,
 * as the build must not touch the machine's network) the node runs real pods, kube-proxy and
 * cluster DNS; otherwise simulated pods, without either. Hidden: it is part of the build, not a
 * command for users.
 */
@Command(name = "aot-training", hidden = true, description = "Exercise a cluster once, for the JVM's ahead-of-time cache.")
final class AotTrainingCommand implements Callable<Integer> {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Option(names = "--runtime", description = "process (root, in a network namespace of its own) or simulated.")
    String runtime = "simulated";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("j8s-aot-training");
        try {
            UpCommand up = new UpCommand();
            up.dataDir = dir;
            up.port = UpCommand.freePort();
            up.nodes = 1;
            up.runtime = runtime;
            up.nodeNetworking = runtime.equals("process");
            try (UpCommand.Cluster cluster = up.start();
                 KubernetesClient client = Clients.fromKubeconfig(cluster.server().kubeconfig())) {
                await("node-1 Ready", () -> ready(client.nodes().withName("node-1").get()));
                client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                        .withNewMetadata().withName("training").endMetadata()
                        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "training").endSelector()
                        .withNewTemplate().withNewMetadata().addToLabels("app", "training").endMetadata()
                        .withNewSpec().addNewContainer().withName("main").withImage("busybox").withCommand("sleep", "3600")
                        .endContainer().endSpec().endTemplate().endSpec().build()).create();
                await("2 pods Running", () -> client.pods().inNamespace("default").withLabel("app", "training").list().getItems()
                        .stream().filter(AotTrainingCommand::running).count() == 2);
                client.apps().deployments().inNamespace("default").withName("training").delete();
            }
            System.out.println("j8s aot-training: done");
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("aot-training: not " + what + " within " + LIMIT);
            Thread.sleep(50);
        }
    }

    private static boolean ready(Node n) {
        return n != null && n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }
}
