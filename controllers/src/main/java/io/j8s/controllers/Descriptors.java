package io.j8s.controllers;

import io.j8s.controllers.cronjob.CronJobController;
import io.j8s.controllers.cronjob.CronJobControllers;
import io.j8s.controllers.daemon.DaemonSetController;
import io.j8s.controllers.job.JobController;
import io.j8s.controllers.job.JobControllers;
import io.j8s.controllers.deployment.DeploymentController;
import io.j8s.controllers.endpoint.EndpointsController;
import io.j8s.controllers.endpointslice.EndpointSliceController;
import io.j8s.controllers.endpointslicemirroring.EndpointSliceMirroringController;
import io.j8s.controllers.garbagecollector.GarbageCollector;
import io.j8s.controllers.namespace.NamespaceController;
import io.j8s.controllers.nodeipam.NodeIpamController;
import io.j8s.controllers.nodelifecycle.NodeLifecycleController;
import io.j8s.controllers.podgc.PodGcController;
import io.j8s.controllers.replicaset.ReplicaSetController;
import io.j8s.controllers.serviceaccount.ServiceAccountsController;
import io.j8s.controllers.statefulset.StatefulSetController;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every controller j8s has, in start order (upstream's {@code NewControllerDescriptors}), under
 * the names {@code --controllers} has always taken; upstream's newer canonical names
 * ({@code garbage-collector-controller}, …) are aliases of them.
 */
final class Descriptors {

    private Descriptors() {}

    /** Upstream's canonical names (kube-controller-manager 1.29+) for the short ones. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("endpoints-controller", EndpointsController.NAME),
            Map.entry("endpointslice-controller", EndpointSliceController.NAME),
            Map.entry("endpointslice-mirroring-controller", EndpointSliceMirroringController.NAME),
            Map.entry("replicaset-controller", ReplicaSetController.NAME),
            Map.entry("deployment-controller", DeploymentController.NAME),
            Map.entry("daemonset-controller", DaemonSetController.NAME),
            Map.entry("garbage-collector-controller", GarbageCollector.NAME),
            Map.entry("namespace-controller", NamespaceController.NAME),
            Map.entry("serviceaccount-controller", ServiceAccountsController.NAME),
            Map.entry("node-ipam-controller", NodeIpamController.NAME),
            Map.entry("node-lifecycle-controller", NodeLifecycleController.NAME),
            Map.entry("pod-garbage-collector-controller", PodGcController.NAME),
            Map.entry("job-controller", JobController.NAME),
            Map.entry("cronjob-controller", CronJobController.NAME),
            Map.entry("statefulset-controller", StatefulSetController.NAME));

    static List<ControllerDescriptor> all() {
        return List.of(
                new ControllerDescriptor(ReplicaSetController.NAME, true, ctx -> Optional.of(ReplicaSetController.create(ctx))),
                new ControllerDescriptor(DeploymentController.NAME, true, ctx -> Optional.of(DeploymentController.create(ctx))),
                new ControllerDescriptor(DaemonSetController.NAME, true, ctx -> Optional.of(DaemonSetController.create(ctx))),
                new ControllerDescriptor(GarbageCollector.NAME, true, ctx -> Optional.of(GarbageCollector.create(ctx))),
                new ControllerDescriptor(NamespaceController.NAME, true, ctx -> Optional.of(NamespaceController.create(ctx))),
                new ControllerDescriptor(ServiceAccountsController.NAME, true, ctx -> Optional.of(ServiceAccountsController.create(ctx))),
                new ControllerDescriptor(NodeLifecycleController.NAME, true, ctx -> Optional.of(NodeLifecycleController.create(ctx))),
                new ControllerDescriptor(PodGcController.NAME, true, ctx -> Optional.of(PodGcController.create(ctx))),
                new ControllerDescriptor(NodeIpamController.NAME, true, ctx -> ctx.options().nodeIpam().allocateNodeCidrs()
                        ? Optional.of(NodeIpamController.create(ctx)) : Optional.empty()),
                new ControllerDescriptor(JobController.NAME, true, ctx -> Optional.of(JobControllers.create(ctx))),
                new ControllerDescriptor(CronJobController.NAME, true, ctx -> Optional.of(CronJobControllers.create(ctx))),
                new ControllerDescriptor(StatefulSetController.NAME, true, ctx -> Optional.of(StatefulSetController.create(ctx))),
                new ControllerDescriptor(EndpointsController.NAME, true, ctx -> Optional.of(EndpointsController.create(ctx))),
                new ControllerDescriptor(EndpointSliceController.NAME, true, ctx -> Optional.of(EndpointSliceController.create(ctx))),
                new ControllerDescriptor(EndpointSliceMirroringController.NAME, true,
                        ctx -> Optional.of(EndpointSliceMirroringController.create(ctx))));
    }

    static List<String> names() {
        return all().stream().map(ControllerDescriptor::name).toList();
    }

    /** {@code --controllers} with upstream's canonical names turned into j8s' ({@code -garbage-collector-controller} → {@code -garbagecollector}). */
    static List<String> canonical(List<String> controllers) {
        List<String> out = new ArrayList<>();
        for (String c : controllers) {
            boolean off = c.startsWith("-");
            String name = off ? c.substring(1) : c;
            name = ALIASES.getOrDefault(name, name);
            out.add(off ? "-" + name : name);
        }
        return out;
    }
}
