package io.j8s.controllers;

import io.j8s.controllers.deployment.DeploymentController;
import io.j8s.controllers.nodeipam.NodeIpamController;
import io.j8s.controllers.replicaset.ReplicaSetController;
import java.util.List;
import java.util.Optional;

/** Every controller j8s has, in start order (upstream's {@code NewControllerDescriptors}), by upstream's names. */
final class Descriptors {

    private Descriptors() {}

    static List<ControllerDescriptor> all() {
        return List.of(
                new ControllerDescriptor(ReplicaSetController.NAME, true, ctx -> Optional.of(ReplicaSetController.create(ctx))),
                new ControllerDescriptor(DeploymentController.NAME, true, ctx -> Optional.of(DeploymentController.create(ctx))),
                new ControllerDescriptor(NodeIpamController.NAME, true, ctx -> ctx.options().nodeIpam().allocateNodeCidrs()
                        ? Optional.of(NodeIpamController.create(ctx)) : Optional.empty()));
    }

    static List<String> names() {
        return all().stream().map(ControllerDescriptor::name).toList();
    }
}
