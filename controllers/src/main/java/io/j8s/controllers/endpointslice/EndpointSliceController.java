package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.ServicePods;
import io.j8s.controllers.common.TriggerTimeTracker;
import io.j8s.controllers.endpointslice.SliceReconciler.Desired;
import io.j8s.controllers.endpointslice.SliceReconciler.Existing;
import io.j8s.controllers.endpointslice.SliceReconciler.Plan;
import io.j8s.controllers.endpointslice.Slices.Ep;
import io.j8s.controllers.endpointslice.Slices.Port;
import io.j8s.controllers.endpointslice.Slices.Ref;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's EndpointSlice controller ({@code pkg/controller/endpointslice}): for every Service
 * with a selector, IPv4 EndpointSlices of at most {@code --max-endpoints-per-slice} endpoints,
 * one per pod that has an IP (terminating ones too, marked so), with the conditions ready,
 * serving and terminating, nodeName, zone, hostname and targetRef, grouped by the ports they
 * resolve to; written with the least churn ({@link SliceReconciler}).
 */
public final class EndpointSliceController {

    public static final String NAME = "endpointslice";
    public static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private static final Logger log = LoggerFactory.getLogger(EndpointSliceController.class);

    /** The controller's writes (a recording fake in tests); each answers the object as stored. */
    public interface SliceClient {
        EndpointSlice create(EndpointSlice slice);

        EndpointSlice update(EndpointSlice slice);

        void delete(String namespace, String name);
    }

    /** A sync found the cache behind this controller's own writes: retried shortly. */
    static final class StaleCacheException extends RuntimeException {
        StaleCacheException(String key) {
            super("EndpointSlice informer cache is out of date for Service " + key);
        }
    }

    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final Lister<EndpointSlice> slices;
    private final SliceClient client;
    private final WorkQueue queue;
    private final int maxEndpointsPerSlice;
    private final Duration batchPeriod;
    private final SliceTracker tracker = new SliceTracker();
    private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();

    EndpointSliceController(Lister<Service> services, Lister<Pod> pods, Lister<Node> nodes, Lister<EndpointSlice> slices, SliceClient client,
            WorkQueue queue, int maxEndpointsPerSlice, Duration batchPeriod) {
        this.services = services;
        this.pods = pods;
        this.nodes = nodes;
        this.slices = slices;
        this.client = client;
        this.queue = queue;
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
        this.batchPeriod = batchPeriod;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Service> svcInformer = ctx.informers().of(Service.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        SharedIndexInformer<Node> nodeInformer = ctx.informers().of(Node.class);
        SharedIndexInformer<EndpointSlice> sliceInformer = ctx.informers().of(EndpointSlice.class);
        WorkQueue queue = ctx.workQueue("endpoint_slice");
        var opts = ctx.options().endpoints();
        var c = new EndpointSliceController(Lister.of(svcInformer), Lister.of(podInformer), Lister.of(nodeInformer),
                Lister.of(sliceInformer), apiClient(ctx), queue, opts.maxEndpointsPerSlice(), opts.endpointSliceUpdatesBatchPeriod());
        svcInformer.addEventHandler(EnqueueHandler.of(queue));
        podInformer.addEventHandler(c.podHandler());
        nodeInformer.addEventHandler(c.nodeHandler());
        sliceInformer.addEventHandler(c.sliceHandler());
        return new Controller(NAME, queue, c::sync,
                List.of(svcInformer::hasSynced, podInformer::hasSynced, nodeInformer::hasSynced, sliceInformer::hasSynced));
    }

    /** The API's slice writes (shared with the mirroring controller). */
    public static SliceClient apiClient(ControllerContext ctx) {
        var k8s = ctx.client();
        return new SliceClient() {
            @Override
            public EndpointSlice create(EndpointSlice s) {
                return k8s.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace()).resource(s).create();
            }

            @Override
            public EndpointSlice update(EndpointSlice s) {
                return k8s.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace()).resource(s).update();
            }

            @Override
            public void delete(String namespace, String name) {
                k8s.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).delete();
            }
        };
    }

    // ---- the sync ----

    void sync(String key) {
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        Service svc = services.get(ns, name);
        List<EndpointSlice> managed = Slices.managed(slices, ns, name, MANAGED_BY);
        if (svc == null || ServicePods.isExternalName(svc) || ServicePods.selector(svc).isEmpty()) {
            // Gone (its slices' owner reference lets the garbage collector delete them too), or
            // no longer selecting pods: what this controller made for it goes.
            triggerTimes.delete(key);
            if (svc == null) tracker.deleteService(key);
            for (EndpointSlice s : managed) tracker.delete(client, key, s);
            return;
        }
        if (tracker.stale(key, managed)) throw new StaleCacheException(key);
        List<Pod> selected = new ArrayList<>(ServicePods.selectedPods(svc, pods));
        selected.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        TriggerTimeTracker.Trigger computed = triggerTimes.compute(key, svc, selected);
        Instant trigger = computed.time();

        Map<List<Port>, List<Ep>> desired = new LinkedHashMap<>();
        List<String> missingNodes = new ArrayList<>();
        for (Pod pod : selected) {
            if (!ServicePods.shouldPodBeInEndpoints(pod, true)) continue;
            String ip = ServicePods.ipv4(pod);
            if (ip == null) continue;
            Node node = Pods.nodeName(pod).isEmpty() ? null : nodes.get("", Pods.nodeName(pod));
            if (node == null && !ServicePods.publishNotReadyAddresses(svc)) {
                // Upstream leaves such a pod out and looks again later.
                missingNodes.add(pod.getMetadata().getName());
                continue;
            }
            desired.computeIfAbsent(Slices.portKey(endpointPorts(svc, pod)), k -> new ArrayList<>()).add(endpoint(pod, node, svc, ip));
        }
        List<Existing> existing = new ArrayList<>();
        for (EndpointSlice s : managed) {
            // A slice of another address type (j8s' Services are IPv4) is treated as foreign: deleted, never reused.
            boolean owned = ControllerRefs.isControlledBy(s, svc) && "IPv4".equals(s.getAddressType());
            existing.add(new Existing(s.getMetadata().getName(), owned, Slices.portsOf(s), Slices.endpointsOf(s), Slices.labelsOf(s)));
        }
        Map<String, String> labels = labelsFor(svc);
        Plan plan = SliceReconciler.reconcile(existing, desired, labels, maxEndpointsPerSlice);
        apply(key, svc, managed, plan, labels, trigger);
        triggerTimes.observed(computed);
        if (!missingNodes.isEmpty()) {
            throw new IllegalStateException("skipping pods " + missingNodes + " of Service " + key + ": their Node is not found");
        }
    }

    private void apply(String key, Service svc, List<EndpointSlice> managed, Plan plan, Map<String, String> labels, Instant trigger) {
        if (plan.isEmpty()) return;
        Map<String, EndpointSlice> byName = new HashMap<>();
        for (EndpointSlice s : managed) byName.put(s.getMetadata().getName(), s);
        // A Service being deleted gets no new slices (the garbage collector would race them).
        if (svc.getMetadata().getDeletionTimestamp() == null) {
            for (Desired d : plan.creates()) {
                EndpointSlice s = new EndpointSliceBuilder().withNewMetadata().withNamespace(svc.getMetadata().getNamespace())
                        .withGenerateName(Slices.generateName(svc.getMetadata().getName())).withLabels(labels)
                        .withOwnerReferences(ControllerRefs.newControllerRef(svc, "v1", "Service")).endMetadata()
                        .withAddressType("IPv4").build();
                fill(s, d, trigger);
                try {
                    tracker.update(key, client.create(s));
                } catch (KubernetesClientException e) {
                    if (ServicePods.namespaceTerminating(e)) return;
                    throw e;
                }
            }
        }
        for (Desired d : plan.updates()) {
            EndpointSlice s = Copies.deepCopy(byName.get(d.name()));
            s.getMetadata().setLabels(new LinkedHashMap<>(labels));
            fill(s, d, trigger);
            tracker.update(key, client.update(s));
        }
        for (String n : plan.deletes()) tracker.delete(client, key, byName.get(n));
        log.debug("Synced EndpointSlices of {}: {} created, {} updated, {} deleted", key, plan.creates().size(), plan.updates().size(),
                plan.deletes().size());
    }

    private static void fill(EndpointSlice s, Desired d, Instant trigger) {
        s.setPorts(Slices.toApiPorts(d.ports()));
        s.setEndpoints(Slices.toApiEndpoints(d.endpoints()));
        Map<String, String> annotations = new LinkedHashMap<>(s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations());
        if (trigger != null) annotations.put(ServicePods.TRIGGER_TIME_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(trigger));
        else annotations.remove(ServicePods.TRIGGER_TIME_ANNOTATION);
        s.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    }

    /** Upstream's {@code getEndpointPorts}: the Service's ports as the pod resolves them (those it cannot, left out). */
    static List<Port> endpointPorts(Service svc, Pod pod) {
        List<Port> out = new ArrayList<>();
        for (ServicePort sp : ServicePods.ports(svc)) {
            OptionalInt port = ServicePods.findPort(pod, sp);
            if (port.isEmpty()) continue;
            out.add(new Port(sp.getName(), port.getAsInt(), ServicePods.protocol(sp), sp.getAppProtocol()));
        }
        return out;
    }

    /** Upstream's {@code podToEndpoint}: ready never while terminating, unless the Service publishes not-ready addresses. */
    static Ep endpoint(Pod pod, Node node, Service svc, String ip) {
        boolean serving = Pods.isReady(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = ServicePods.publishNotReadyAddresses(svc) || (serving && !terminating);
        String nodeName = Pods.nodeName(pod).isEmpty() ? null : Pods.nodeName(pod);
        String zone = node == null || node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(ZONE_LABEL);
        if (zone != null && zone.isEmpty()) zone = null;
        String hostname = ServicePods.shouldSetHostname(pod, svc) ? ServicePods.hostname(pod) : null;
        return new Ep(ip, ready, serving, terminating, hostname, nodeName, zone,
                new Ref("Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid()));
    }

    /** Upstream's {@code setEndpointSliceLabels}: the Service's labels but the reserved ones, then those. */
    static Map<String, String> labelsFor(Service svc) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            svc.getMetadata().getLabels().forEach((k, v) -> {
                if (!k.equals(Slices.SERVICE_NAME_LABEL) && !k.equals(Slices.MANAGED_BY_LABEL) && !k.equals(ServicePods.HEADLESS_LABEL)) {
                    labels.put(k, v);
                }
            });
        }
        if (ServicePods.isHeadless(svc)) labels.put(ServicePods.HEADLESS_LABEL, "");
        labels.put(Slices.SERVICE_NAME_LABEL, svc.getMetadata().getName());
        labels.put(Slices.MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    // ---- the informers' side ----

    ResourceEventHandler<Pod> podHandler() {
        return ServicePods.podHandler(services, queue, batchPeriod);
    }

    /** A node that comes or changes zone: the Services with pods on it (upstream waits for its next sync instead). */
    ResourceEventHandler<Node> nodeHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueServicesOn(node);
            }

            @Override
            public void onUpdate(Node old, Node cur) {
                if (!Objects.equals(zone(old), zone(cur))) enqueueServicesOn(cur);
            }

            @Override
            public void onDelete(Node node, boolean unknown) {}
        };
    }

    private static String zone(Node n) {
        return n.getMetadata().getLabels() == null ? null : n.getMetadata().getLabels().get(ZONE_LABEL);
    }

    private void enqueueServicesOn(Node node) {
        for (Pod p : pods.list()) {
            if (node.getMetadata().getName().equals(Pods.nodeName(p))) ServicePods.memberships(services, p).forEach(queue::add);
        }
    }

    ResourceEventHandler<EndpointSlice> sliceHandler() {
        return tracker.handler(MANAGED_BY, queue);
    }
}
