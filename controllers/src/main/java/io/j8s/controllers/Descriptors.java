package io.j8s.controllers;

import io.j8s.controllers.cronjob.CronJobController;
import io.j8s.controllers.cronjob.CronJobControllers;
import io.j8s.controllers.job.JobController;
import io.j8s.controllers.job.JobControllers;
import io.j8s.controllers.nodeipam.NodeIpamController;
import java.util.List;
import java.util.Optional;

/** Every controller j8s has, in start order (upstream's {@code NewControllerDescriptors}). */
final class Descriptors {

    private Descriptors() {}

    static List<ControllerDescriptor> all() {
        return List.of(
                new ControllerDescriptor(NodeIpamController.NAME, true, ctx -> ctx.options().nodeIpam().allocateNodeCidrs()
                        ? Optional.of(NodeIpamController.create(ctx)) : Optional.empty()),
                new ControllerDescriptor(JobController.NAME, true, ctx -> Optional.of(JobControllers.create(ctx))),
                new ControllerDescriptor(CronJobController.NAME, true, ctx -> Optional.of(CronJobControllers.create(ctx))));
    }

    static List<String> names() {
        return all().stream().map(ControllerDescriptor::name).toList();
    }
}
