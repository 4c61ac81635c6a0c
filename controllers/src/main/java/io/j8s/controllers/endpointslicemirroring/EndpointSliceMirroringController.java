package io.j8s.controllers.endpointslicemirroring;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.ServicePods;
import io.j8s.controllers.endpointslice.EndpointSliceController;
import io.j8s.controllers.endpointslice.EndpointSliceController.SliceClient;
import io.j8s.controllers.endpointslice.SliceTracker;
import io.j8s.controllers.endpointslice.Slices;
import io.j8s.controllers.endpointslicemirroring.MirroringReconciler.Existing;
import io.j8s.controllers.endpointslicemirroring.MirroringReconciler.Group;
import io.j8s.controllers.endpointslicemirroring.MirroringReconciler.Plan;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's EndpointSliceMirroring controller ({@code pkg/controller/endpointslicemirroring}):
 * the Endpoints of a Service without a selector (made by hand or by another controller) mirrored
 * as EndpointSlices, so that consumers of slices (kube-proxy, DNS) see them; not those labelled
 * {@code endpointslice.kubernetes.io/skip-mirror: "true"} nor leader-election records.
 */
public final class EndpointSliceMirroringController {

    public static final String NAME = "endpointslicemirroring";
    public static final String MANAGED_BY = "endpointslicemirroring-controller.k8s.io";
    static final String SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";
    static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";
    static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

    private static final Logger log = LoggerFactory.getLogger(EndpointSliceMirroringController.class);

    private final Lister<Service> services;
    private final Lister<Endpoints> endpoints;
    private final Lister<EndpointSlice> slices;
    private final SliceClient client;
    private final int maxPerSubset;
    private final WorkQueue queue;
    private final SliceTracker tracker = new SliceTracker();

    EndpointSliceMirroringController(Lister<Service> services, Lister<Endpoints> endpoints, Lister<EndpointSlice> slices, SliceClient client,
            WorkQueue queue, int maxPerSubset) {
        this.services = services;
        this.endpoints = endpoints;
        this.slices = slices;
        this.client = client;
        this.queue = queue;
        this.maxPerSubset = maxPerSubset;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Service> svcInformer = ctx.informers().of(Service.class);
        SharedIndexInformer<Endpoints> epInformer = ctx.informers().of(Endpoints.class);
        SharedIndexInformer<EndpointSlice> sliceInformer = ctx.informers().of(EndpointSlice.class);
        WorkQueue queue = ctx.workQueue("endpoint_slice_mirroring");
        var c = new EndpointSliceMirroringController(Lister.of(svcInformer), Lister.of(epInformer), Lister.of(sliceInformer),
                EndpointSliceController.apiClient(ctx), queue, ctx.options().endpoints().mirroringMaxEndpointsPerSubset());
        svcInformer.addEventHandler(EnqueueHandler.of(queue));
        epInformer.addEventHandler(EnqueueHandler.of(queue));
        sliceInformer.addEventHandler(c.sliceHandler());
        return new Controller(NAME, queue, c::sync, List.of(svcInformer::hasSynced, epInformer::hasSynced, sliceInformer::hasSynced));
    }

    // ---- the sync ----

    void sync(String key) {
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        Service svc = services.get(ns, name);
        List<EndpointSlice> mirrored = Slices.managed(slices, ns, name, MANAGED_BY);
        if (svc == null) {
            tracker.deleteService(key);
            // The slices' owner is the Endpoints: they go with it, or here once the Service is gone.
            for (EndpointSlice s : mirrored) tracker.delete(client, key, s);
            return;
        }
        if (ServicePods.isExternalName(svc)) return;
        Endpoints ep = endpoints.get(ns, name);
        if (!ServicePods.selector(svc).isEmpty() || ep == null || !shouldMirror(ep)) {
            for (EndpointSlice s : mirrored) tracker.delete(client, key, s);
            return;
        }
        if (tracker.stale(key, mirrored)) throw new IllegalStateException("EndpointSlice informer cache is out of date for Service " + key);
        Map<String, String> labels = labelsFor(ep);
        Map<String, String> annotations = annotationsFor(ep);
        List<Existing> existing = new ArrayList<>();
        for (EndpointSlice s : mirrored) {
            existing.add(new Existing(s.getMetadata().getName(), new Group(s.getAddressType(), Slices.portKey(Slices.portsOf(s))),
                    Slices.endpointsOf(s), Slices.labelsOf(s), s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations()));
        }
        Plan plan = MirroringReconciler.reconcile(existing, MirroringReconciler.desired(ep.getSubsets(), maxPerSubset), labels, annotations);
        if (plan.isEmpty()) return;
        Map<String, EndpointSlice> byName = new HashMap<>();
        for (EndpointSlice s : mirrored) byName.put(s.getMetadata().getName(), s);
        for (var create : plan.creates()) {
            EndpointSlice s = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withGenerateName(Slices.generateName(name))
                    .withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                    .withOwnerReferences(ControllerRefs.newControllerRef(ep, "v1", "Endpoints")).endMetadata()
                    .withAddressType(create.getKey().addressType()).withPorts(Slices.toApiPorts(create.getKey().ports()))
                    .withEndpoints(Slices.toApiEndpoints(create.getValue())).build();
            try {
                tracker.update(key, client.create(s));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) return; // namespace terminating
                throw e;
            }
        }
        for (var update : plan.updates().entrySet()) {
            EndpointSlice s = Copies.deepCopy(byName.get(update.getKey()));
            s.getMetadata().setLabels(new LinkedHashMap<>(labels));
            s.getMetadata().setAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations));
            s.setEndpoints(Slices.toApiEndpoints(update.getValue()));
            tracker.update(key, client.update(s));
        }
        for (String n : plan.deletes()) tracker.delete(client, key, byName.get(n));
        log.debug("Mirrored Endpoints {}: {} created, {} updated, {} deleted", key, plan.creates().size(), plan.updates().size(),
                plan.deletes().size());
    }

    static boolean shouldMirror(Endpoints ep) {
        var labels = ep.getMetadata().getLabels();
        var annotations = ep.getMetadata().getAnnotations();
        return !(labels != null && "true".equals(labels.get(SKIP_MIRROR_LABEL)))
                && !(annotations != null && annotations.containsKey(LEADER_ANNOTATION));
    }

    /** Upstream's mirrored labels: the Endpoints' own, then the Service name and manager. */
    static Map<String, String> labelsFor(Endpoints ep) {
        Map<String, String> labels = new LinkedHashMap<>(ep.getMetadata().getLabels() == null ? Map.of() : ep.getMetadata().getLabels());
        labels.put(Slices.SERVICE_NAME_LABEL, ep.getMetadata().getName());
        labels.put(Slices.MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /** The Endpoints' annotations but its trigger time and kubectl's last applied configuration. */
    static Map<String, String> annotationsFor(Endpoints ep) {
        Map<String, String> out = new LinkedHashMap<>(ep.getMetadata().getAnnotations() == null ? Map.of() : ep.getMetadata().getAnnotations());
        out.remove(ServicePods.TRIGGER_TIME_ANNOTATION);
        out.remove(LAST_APPLIED_ANNOTATION);
        return out;
    }

    // ---- the informers' side ----

    ResourceEventHandler<EndpointSlice> sliceHandler() {
        return tracker.handler(MANAGED_BY, queue);
    }
}
