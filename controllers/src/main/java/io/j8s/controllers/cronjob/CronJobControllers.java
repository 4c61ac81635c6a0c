package io.j8s.controllers.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Lister;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.List;

/** Builds the CronJob controller on the shared CronJob and Job informers, writing through the API. */
public final class CronJobControllers {

    private CronJobControllers() {}

    public static Controller create(ControllerContext ctx) {
        var client = ctx.client();
        SharedIndexInformer<CronJob> cronJobs = ctx.informers().of(CronJob.class);
        SharedIndexInformer<Job> jobs = ctx.informers().of(Job.class);
        Lister<CronJob> cronJobLister = new Lister<>(cronJobs.getIndexer());
        Lister<Job> jobLister = new Lister<>(jobs.getIndexer());
        CronJobController.Listers listers = new CronJobController.Listers() {
            @Override
            public CronJob cronJob(String key) {
                return cronJobLister.get(key);
            }

            @Override
            public List<Job> jobsOf(String namespace, String uid) {
                return jobLister.namespace(namespace).list().stream().filter(j -> ControllerRefs.isControlledBy(j, uid)).toList();
            }
        };
        CronJobController.Actions actions = new CronJobController.Actions() {
            @Override
            public Job createJob(String namespace, Job job) {
                return client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            }

            @Override
            public void deleteJob(String namespace, String name) {
                client.batch().v1().jobs().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }

            @Override
            public void updateStatus(CronJob cronJob) {
                client.batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(cronJob).updateStatus();
            }
        };
        WorkQueue queue = ctx.workQueue("cronjob");
        var controller = new CronJobController(listers, actions, ctx.recorder(CronJobController.COMPONENT), queue, ctx.clock());
        cronJobs.addEventHandler(EnqueueHandler.of(queue));
        jobs.addEventHandler(new EnqueueHandler<Job>(queue, CronJobController::ownerKey));
        return new Controller(CronJobController.NAME, queue, controller::sync, List.of(cronJobs::hasSynced, jobs::hasSynced));
    }

}
