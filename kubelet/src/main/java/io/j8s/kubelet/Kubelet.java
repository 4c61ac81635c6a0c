package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.kubelet.bootstrap.NodeCredentials;
import io.j8s.kubelet.config.MirrorPods;
import io.j8s.kubelet.config.StaticPods;
import io.j8s.kubelet.node.Machine;
import io.j8s.kubelet.node.NodeAgent;
import io.j8s.kubelet.node.NodeConfig;
import io.j8s.kubelet.node.NodeStatusMaker;
import io.j8s.kubelet.node.RouteSync;
import io.j8s.kubelet.pod.ApiPodStatusWriter;
import io.j8s.kubelet.pod.Backoff;
import io.j8s.kubelet.pod.DefaultContainerConfigs;
import io.j8s.kubelet.pod.Labels;
import io.j8s.kubelet.pod.Pleg;
import io.j8s.kubelet.pod.PodStatuses;
import io.j8s.kubelet.pod.PodSync;
import io.j8s.kubelet.pod.PodTermination;
import io.j8s.kubelet.pod.PodWorkers;
import io.j8s.kubelet.pod.SandboxConfigs;
import io.j8s.kubelet.prober.DefaultLifecycleHooks;
import io.j8s.kubelet.prober.DefaultProber;
import io.j8s.kubelet.prober.ProbeManager;
import io.j8s.kubelet.server.KubeletServer;
import io.j8s.kubelet.util.ApiEventRecorder;
import io.j8s.kubelet.util.Timers;
import io.j8s.kubelet.volume.HostVolumes;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.PodSandbox;
import io.j8s.runtime.PodSandboxFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet: an API client that registers its node, heartbeats, and runs the pods bound to it
 * (and the static pods of its manifest directory) through a CRI-shaped runtime. Start order, as
 * upstream: register the node; start the lease and status loops and the HTTPS server; wait for the
 * node's podCIDR (node IPAM) and bring up the runtime with it; then the pod machinery: informers,
 * pod workers, probes, PLEG, static pods. Pods outlive it: closing it stops nothing that runs.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

    /**
     * The kubelet's configuration, from its flags.
     *
     * @param dataDir          state: pod volumes, logs, manifests, TLS
     * @param podCidr          {@code --pod-cidr}: use this instead of waiting for the node's podCIDR (null: wait)
     * @param syncRoutes       install routes to the other nodes' podCIDRs (root, isolated pods)
     * @param port             the HTTPS port (0: any free one); null credentials: no server
     */
    public record Config(NodeConfig node, Path dataDir, NodeAgent.Timing heartbeat, Duration fileCheckFrequency,
            Duration plegPeriod, Duration retryPeriod, List<String> clusterDns, String clusterDomain, String bindAddress,
            String podCidr, boolean syncRoutes) {
        public Config {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(dataDir, "dataDir");
            clusterDns = List.copyOf(clusterDns);
        }
    }

    /** Makes the runtime once the node's podCIDR is known. */
    @FunctionalInterface
    public interface RuntimeFactory {
        ContainerRuntime create(String podCidr) throws Exception;
    }

    private final KubernetesClient client;
    private final Config config;
    private final RuntimeFactory runtimes;
    private final Timers timers;
    private final ApiEventRecorder events;
    private final NodeStatusMaker statusMaker;
    private final NodeAgent nodeAgent;
    private final RouteSync routes;
    private final ExecutorService workerThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Pod> mirrors = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ContainerRuntime runtime;
    private volatile PodWorkers workers;
    private volatile SharedIndexInformer<Pod> podInformer;
    private volatile SharedIndexInformer<Node> nodeInformer;
    private volatile StaticPods staticPods;
    private volatile KubeletServer server;
    private volatile boolean closed;

    private Kubelet(KubernetesClient client, Config config, RuntimeFactory runtimes, Timers timers, Machine machine) {
        this.client = client;
        this.config = config;
        this.runtimes = runtimes;
        this.timers = timers;
        this.events = new ApiEventRecorder(client, "kubelet", config.node().name(), timers.clock());
        this.statusMaker = new NodeStatusMaker(config.node(), machine);
        this.nodeAgent = new NodeAgent(client, config.node(), statusMaker, timers, config.heartbeat(), () -> runtime, events);
        this.routes = config.syncRoutes() ? new RouteSync(config.node().name()) : null;
    }

    /**
     * Registers the node and starts everything; returns once the node is registered and its
     * heartbeats run (the pods follow once the podCIDR is known).
     *
     * @param credentials the node's certificates for the HTTPS server, or null for none
     */
    public static Kubelet start(KubernetesClient client, Config config, RuntimeFactory runtimes, NodeCredentials credentials,
            Timers timers, Machine machine) throws Exception {
        Kubelet k = new Kubelet(client, config, runtimes, timers, machine);
        k.startNode(credentials);
        return k;
    }

    private void startNode(NodeCredentials credentials) throws Exception {
        nodeAgent.register();
        if (credentials != null) {
            server = new KubeletServer(config.bindAddress(), config.node().port(), credentials.caFile(), credentials.servingCert(),
                    credentials.servingKey(), new KubeletLogs(() -> runtime, this::findPod), new KubeletStreaming(() -> runtime, this::findPod), timers.clock()).start();
        }
        nodeAgent.start();
        if (config.podCidr() != null && !config.podCidr().isEmpty()) {
            ensureRuntime(config.podCidr());
        }
        SharedIndexInformer<Node> nodes = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                nodeChanged(n);
            }

            @Override
            public void onUpdate(Node old, Node n) {
                nodeChanged(n);
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
                if (routes != null) syncRoutes();
            }
        }, 0);
        closeables.add(nodes);
        this.nodeInformer = nodes;
    }

    private void nodeChanged(Node n) {
        if (n.getMetadata().getName().equals(config.node().name())) {
            String cidr = n.getSpec() == null ? null : n.getSpec().getPodCIDR();
            if (cidr != null && !cidr.isEmpty()) ensureRuntime(cidr);
        }
        if (routes != null) syncRoutes();
    }

    private void syncRoutes() {
        var informer = nodeInformer;
        if (informer != null) routes.sync(informer.getStore().list());
    }

    private synchronized void ensureRuntime(String podCidr) {
        if (runtime != null || closed) return;
        try {
            runtime = runtimes.create(podCidr);
            log.info("Container runtime {} ready with podCIDR {}", runtime.version().containerRuntimeVersion(), podCidr);
        } catch (Exception e) {
            log.error("Could not start the container runtime: {}", e.toString(), e);
            return;
        }
        workerThreads.execute(() -> {
            try {
                startPods();
                nodeAgent.syncStatus(true);
            } catch (RuntimeException e) {
                log.error("Could not start the pod machinery: {}", e.toString(), e);
            }
        });
    }

    private void startPods() {
        ContainerRuntime rt = runtime;
        String name = config.node().name();
        String hostIp = config.node().nodeIp();
        SharedIndexInformer<Service> services = client.services().inAnyNamespace().inform();
        closeables.add(services);
        var objects = new ApiPodObjects(client, services, this::allocatable);
        var volumes = new HostVolumes(config.dataDir().resolve("pods"), objects, hostIp);
        var sandboxes = new SandboxConfigs(config.dataDir().resolve("logs").resolve("pods"), config.clusterDns(), config.clusterDomain());
        var configs = new DefaultContainerConfigs(objects, hostIp);
        var prober = new DefaultProber(rt);
        PodWorkers[] late = new PodWorkers[1];
        var probes = new ProbeManager(prober, timers, events, uid -> {
            if (late[0] != null) late[0].sync(uid);
        });
        var sync = new PodSync(rt, sandboxes, volumes, configs, new DefaultLifecycleHooks(rt, prober), probes,
                Backoff.crashLoop(timers.clock()), new Backoff(timers.clock(), Duration.ofSeconds(10), Duration.ofMinutes(5)),
                events, timers.clock(), config.retryPeriod());
        var writer = new ApiPodStatusWriter(client, this::statusTarget);
        String runtimeName = rt.version().runtimeName();
        workers = new PodWorkers(rt, sync, new PodTermination(rt, sync, volumes), new PodStatuses(runtimeName, probes), writer, probes,
                timers, workerThreads, hostIp, config.retryPeriod());
        late[0] = workers;
        MirrorPods mirrorPods = new MirrorPods(client, nodeAgent::registered);

        podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", name).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                apiPod(p);
            }

            @Override
            public void onUpdate(Pod old, Pod p) {
                apiPod(p);
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
                if (StaticPods.isMirror(p)) {
                    mirrors.remove(key(p));
                    // A mirror deleted by hand comes back while its static pod is there.
                    StaticPods sp = staticPods;
                    if (sp != null && sp.pods().stream().anyMatch(s -> key(s).equals(key(p)))) {
                        sp.pods().stream().filter(s -> key(s).equals(key(p))).findFirst()
                                .ifPresent(s -> workerThreads.execute(() -> mirrorPods.ensure(s)));
                    }
                    return;
                }
                workers.remove(p);
            }
        }, 0);
        closeables.add(podInformer);

        try {
            staticPods = new StaticPods(config.dataDir().resolve("manifests"), name, timers, config.fileCheckFrequency(),
                    new StaticPods.Listener() {
                        @Override
                        public void added(Pod pod) {
                            workers.update(pod);
                            workerThreads.execute(() -> {
                                Pod mirror = mirrorPods.ensure(pod);
                                if (mirror != null) {
                                    mirrors.put(key(mirror), mirror);
                                    workers.sync(pod.getMetadata().getUid());
                                }
                            });
                        }

                        @Override
                        public void removed(Pod pod) {
                            workers.remove(pod);
                            workerThreads.execute(() -> mirrorPods.delete(pod));
                        }
                    }).start();
            closeables.add(staticPods);
        } catch (java.io.IOException e) {
            log.warn("Static pods are off: {}", e.getMessage());
        }
        removeOrphans(rt);
        closeables.add(new Pleg(rt, timers, config.plegPeriod(), uid -> {
            if (workers.isKnown(uid)) workers.sync(uid);
        }).start());
        log.info("Kubelet {} is running pods", name);
    }

    private void apiPod(Pod p) {
        if (StaticPods.isMirror(p)) {
            mirrors.put(key(p), p);
            return;
        }
        workers.update(p);
    }

    /**
     * Sandboxes of pods neither the API nor the manifests know (deleted while this kubelet was
     * down) are stopped and removed, as upstream's housekeeping does.
     */
    private void removeOrphans(ContainerRuntime rt) {
        Set<String> known = new HashSet<>();
        for (Pod p : podInformer.getStore().list()) known.add(p.getMetadata().getUid());
        if (staticPods != null) staticPods.pods().forEach(p -> known.add(p.getMetadata().getUid()));
        Map<String, PodSandbox> orphans = new LinkedHashMap<>();
        for (PodSandbox s : rt.listPodSandbox(PodSandboxFilter.ALL)) {
            String uid = s.labels().get(Labels.POD_UID);
            if (uid != null && !known.contains(uid)) orphans.putIfAbsent(uid, s);
        }
        for (var e : orphans.entrySet()) {
            PodSandbox s = e.getValue();
            log.info("Pod {}/{} ({}) is no longer bound to this node; stopping it", s.metadata().namespace(), s.metadata().name(), e.getKey());
            Pod ghost = new PodBuilder().withNewMetadata().withName(s.metadata().name()).withNamespace(s.metadata().namespace())
                    .withUid(e.getKey()).endMetadata().withNewSpec().withTerminationGracePeriodSeconds(2L).endSpec().build();
            workers.remove(ghost);
        }
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    /** Where a pod's status goes: the pod itself, or for a static pod its mirror (null until it exists). */
    private ApiPodStatusWriter.Target statusTarget(Pod pod) {
        var m = pod.getMetadata();
        boolean isStatic = m.getAnnotations() != null && "file".equals(m.getAnnotations().get(StaticPods.CONFIG_SOURCE));
        if (!isStatic) return new ApiPodStatusWriter.Target(m.getNamespace(), m.getName(), m.getUid());
        Pod mirror = mirrors.get(key(pod));
        return mirror == null ? null : new ApiPodStatusWriter.Target(m.getNamespace(), m.getName(), mirror.getMetadata().getUid());
    }

    /** A pod this node runs, by namespace and name (for logs). */
    Optional<Pod> findPod(String namespace, String name) {
        StaticPods sp = staticPods;
        if (sp != null) {
            for (Pod p : sp.pods()) {
                if (p.getMetadata().getNamespace().equals(namespace) && p.getMetadata().getName().equals(name)) return Optional.of(p);
            }
        }
        var informer = podInformer;
        if (informer == null) return Optional.empty();
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name)).filter(p -> !StaticPods.isMirror(p));
    }

    private Map<String, String> allocatable() {
        Map<String, String> out = new LinkedHashMap<>();
        statusMaker.allocatableNow().forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    public String nodeName() {
        return config.node().name();
    }

    /** The kubelet's HTTPS port, or -1 without a server. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** The runtime, once the podCIDR is known (null before). */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /**
     * Stops and removes every pod this node runs (for {@code j8s up}, which stops everything it
     * started); a kubelet that is only closed leaves its pods running.
     */
    public void stopAllPods() {
        ContainerRuntime rt = runtime;
        if (rt == null) return;
        for (PodSandbox s : rt.listPodSandbox(PodSandboxFilter.ALL)) {
            for (var c : rt.listContainers(io.j8s.runtime.ContainerFilter.inSandbox(s.id()))) {
                rt.stopContainer(c.id(), Duration.ofSeconds(2));
            }
            rt.removePodSandbox(s.id());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (AutoCloseable c : closeables.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("Closing {}: {}", c, e.toString());
            }
        }
        nodeAgent.close();
        if (server != null) server.close();
        events.close();
        workerThreads.shutdownNow();
        if (runtime != null) runtime.close();
    }
}
