package io.j8s.controllers.endpoint;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.ServicePods;
import io.j8s.controllers.common.TriggerTimeTracker;
import io.j8s.controllers.endpoint.Subsets.Address;
import io.j8s.controllers.endpoint.Subsets.Port;
import io.j8s.controllers.endpoint.Subsets.Subset;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's Endpoints controller ({@code pkg/controller/endpoint/endpoints_controller.go}): for
 * every Service with a selector, an Endpoints object of the same name listing its pods, ready
 * ones under {@code addresses} and the others under {@code notReadyAddresses} (all under
 * {@code addresses} with {@code publishNotReadyAddresses}), with each Service port's targetPort
 * resolved per pod; at most 1000 addresses. The Endpoints of a deleted Service are deleted;
 * those of a Service without a selector are someone else's.
 */
public final class EndpointsController {

    public static final String NAME = "endpoint";
    static final String OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
    static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

    private static final Logger log = LoggerFactory.getLogger(EndpointsController.class);

    /** The controller's writes (a recording fake in tests). */
    interface EndpointsClient {
        void create(Endpoints ep);

        void update(Endpoints ep);

        void delete(String namespace, String name);
    }

    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<Endpoints> endpoints;
    private final EndpointsClient client;
    private final WorkQueue queue;
    private final Duration batchPeriod;
    private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();

    EndpointsController(Lister<Service> services, Lister<Pod> pods, Lister<Endpoints> endpoints, EndpointsClient client, WorkQueue queue,
            Duration batchPeriod) {
        this.services = services;
        this.pods = pods;
        this.endpoints = endpoints;
        this.client = client;
        this.queue = queue;
        this.batchPeriod = batchPeriod;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Service> svcInformer = ctx.informers().of(Service.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        SharedIndexInformer<Endpoints> epInformer = ctx.informers().of(Endpoints.class);
        WorkQueue queue = ctx.workQueue("endpoint");
        var k8s = ctx.client();
        EndpointsClient client = new EndpointsClient() {
            @Override
            public void create(Endpoints ep) {
                k8s.endpoints().inNamespace(ep.getMetadata().getNamespace()).resource(ep).create();
            }

            @Override
            public void update(Endpoints ep) {
                k8s.endpoints().inNamespace(ep.getMetadata().getNamespace()).resource(ep).update();
            }

            @Override
            public void delete(String namespace, String name) {
                k8s.endpoints().inNamespace(namespace).withName(name).delete();
            }
        };
        var ec = new EndpointsController(Lister.of(svcInformer), Lister.of(podInformer), Lister.of(epInformer), client, queue,
                ctx.options().endpoints().endpointUpdatesBatchPeriod());
        svcInformer.addEventHandler(EnqueueHandler.of(queue));
        podInformer.addEventHandler(ec.podHandler());
        epInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints ep) {}

            @Override
            public void onUpdate(Endpoints old, Endpoints cur) {}

            @Override
            public void onDelete(Endpoints ep, boolean unknown) {
                // Someone deleted it: make it again if its Service still selects pods.
                queue.add(Keys.of(ep));
            }
        });
        return new Controller(NAME, queue, ec::sync, List.of(svcInformer::hasSynced, podInformer::hasSynced, epInformer::hasSynced))
                .beforeWorkers(ec::checkLeftoverEndpoints);
    }

    /** Upstream's {@code checkLeftoverEndpoints}: Endpoints whose Service went while no controller ran are looked at once. */
    void checkLeftoverEndpoints() {
        for (Endpoints ep : endpoints.list()) {
            var ann = ep.getMetadata().getAnnotations();
            if (ann != null && ann.containsKey(LEADER_ANNOTATION)) continue;
            queue.add(Keys.of(ep));
        }
    }

    // ---- the sync ----

    void sync(String key) {
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        Service svc = services.get(ns, name);
        if (svc == null) {
            triggerTimes.delete(key);
            if (endpoints.get(ns, name) != null) {
                try {
                    client.delete(ns, name);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) throw e;
                }
            }
            return;
        }
        // ExternalName Services get no endpoints; selectorless ones get those made through the API.
        if (ServicePods.isExternalName(svc) || ServicePods.selector(svc).isEmpty()) return;
        List<Pod> selected = ServicePods.selectedPods(svc, pods);
        TriggerTimeTracker.Trigger computed = triggerTimes.compute(key, svc, selected);
        Instant trigger = computed.time();
        List<Subset> full = Subsets.repack(subsetsFor(svc, selected));
        List<Subset> subsets = Subsets.truncate(full, Subsets.MAX_CAPACITY);
        boolean truncated = subsets != full;

        Endpoints current = endpoints.get(ns, name);
        Map<String, String> labels = labelsFor(svc);
        if (current != null && Subsets.fromApi(current.getSubsets()).equals(subsets)
                && Objects.equals(labelsOf(current), labels)
                && annotationsOf(current).containsKey(OVER_CAPACITY_ANNOTATION) == truncated) {
            triggerTimes.observed(computed);
            return;
        }
        Endpoints next = current == null
                ? new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().build()
                : Copies.deepCopy(current);
        next.setSubsets(Subsets.toApi(subsets));
        next.getMetadata().setLabels(labels.isEmpty() ? null : labels);
        Map<String, String> annotations = new LinkedHashMap<>(annotationsOf(current));
        if (trigger != null) annotations.put(ServicePods.TRIGGER_TIME_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(trigger));
        else annotations.remove(ServicePods.TRIGGER_TIME_ANNOTATION);
        if (truncated) annotations.put(OVER_CAPACITY_ANNOTATION, "truncated");
        else annotations.remove(OVER_CAPACITY_ANNOTATION);
        next.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        if (current == null) {
            try {
                client.create(next);
            } catch (KubernetesClientException e) {
                if (ServicePods.namespaceTerminating(e)) return;
                throw e;
            }
        } else {
            client.update(next);
        }
        triggerTimes.observed(computed);
        log.debug("Synced Endpoints {}: {} addresses", key, Subsets.count(subsets));
    }

    /** One subset per pod and port (upstream's {@code addEndpointSubset}), to be repacked. */
    static List<Subset> subsetsFor(Service svc, List<Pod> selected) {
        boolean publishNotReady = ServicePods.publishNotReadyAddresses(svc);
        List<Subset> out = new ArrayList<>();
        for (Pod pod : selected) {
            if (!ServicePods.shouldPodBeInEndpoints(pod, publishNotReady)) continue;
            String ip = ServicePods.ipv4(pod);
            if (ip == null) continue;
            Address address = new Address(ip, ServicePods.shouldSetHostname(pod, svc) ? ServicePods.hostname(pod) : null,
                    Subsets.emptyToNull(Pods.nodeName(pod)), "Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid());
            boolean ready = publishNotReady || Pods.isReady(pod);
            List<ServicePort> ports = ServicePods.ports(svc);
            if (ports.isEmpty()) {
                // A headless Service may have no ports.
                if (ServicePods.isHeadless(svc)) out.add(subset(address, ready, List.of()));
                continue;
            }
            for (ServicePort sp : ports) {
                OptionalInt port = ServicePods.findPort(pod, sp);
                if (port.isEmpty()) {
                    log.debug("Failed to find port {} of Service {} in pod {}", sp.getName(), Keys.of(svc), Keys.of(pod));
                    continue;
                }
                Port p = new Port(Objects.requireNonNullElse(sp.getName(), ""), port.getAsInt(), ServicePods.protocol(sp), sp.getAppProtocol());
                out.add(subset(address, ready, List.of(p)));
            }
        }
        return out;
    }

    private static Subset subset(Address a, boolean ready, List<Port> ports) {
        return ready ? new Subset(List.of(a), List.of(), ports) : new Subset(List.of(), List.of(a), ports);
    }

    /** The Service's labels, with {@code service.kubernetes.io/headless} for a headless one only. */
    static Map<String, String> labelsFor(Service svc) {
        Map<String, String> labels = new HashMap<>(svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels());
        labels.remove(ServicePods.HEADLESS_LABEL);
        if (ServicePods.isHeadless(svc)) labels.put(ServicePods.HEADLESS_LABEL, "");
        return labels;
    }

    private static Map<String, String> labelsOf(Endpoints ep) {
        return ep.getMetadata().getLabels() == null ? Map.of() : new HashMap<>(ep.getMetadata().getLabels());
    }

    private static Map<String, String> annotationsOf(Endpoints ep) {
        return ep == null || ep.getMetadata().getAnnotations() == null ? Map.of() : ep.getMetadata().getAnnotations();
    }

    // ---- the informers' side ----

    ResourceEventHandler<Pod> podHandler() {
        return ServicePods.podHandler(services, queue, batchPeriod);
    }
}
