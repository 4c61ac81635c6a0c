package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Lister;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.List;

/** Builds the Job controller on the shared Job and Pod informers, writing through the API. */
public final class JobControllers {

    private JobControllers() {}

    public static Controller create(ControllerContext ctx) {
        return create(ctx, JobController.Backoff.UPSTREAM);
    }

    public static Controller create(ControllerContext ctx, JobController.Backoff backoff) {
        var client = ctx.client();
        SharedIndexInformer<Job> jobs = ctx.informers().of(Job.class);
        SharedIndexInformer<Pod> pods = ctx.informers().of(Pod.class);
        Lister<Job> jobLister = new Lister<>(jobs.getIndexer());
        Lister<Pod> podLister = new Lister<>(pods.getIndexer());
        JobController.Listers listers = new JobController.Listers() {
            @Override
            public Job job(String key) {
                return jobLister.get(key);
            }

            @Override
            public List<Pod> podsOf(String namespace, String uid) {
                return podLister.namespace(namespace).list().stream().filter(p -> ControllerRefs.isControlledBy(p, uid)).toList();
            }
        };
        JobController.Actions actions = new JobController.Actions() {
            @Override
            public Pod createPod(String namespace, Pod pod) {
                return client.pods().inNamespace(namespace).resource(pod).create();
            }

            @Override
            public void deletePod(String namespace, String name) {
                client.pods().inNamespace(namespace).withName(name).delete();
            }

            @Override
            public void updateJobStatus(Job job) {
                client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
            }

            @Override
            public void deleteJob(String namespace, String name, String uid) {
                client.batch().v1().jobs().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
        };
        WorkQueue queue = ctx.workQueue("job");
        Expectations expectations = new Expectations(ctx.clock());
        var controller = new JobController(listers, actions, ctx.recorder(JobController.COMPONENT), queue, ctx.clock(), backoff,
                expectations);
        jobs.addEventHandler(EnqueueHandler.of(queue));
        pods.addEventHandler(new ResourceEventHandler<Pod>() {
            @Override
            public void onAdd(Pod pod) {
                String key = JobController.ownerKey(pod);
                if (key == null) return;
                expectations.creationObserved(key);
                queue.add(key);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                String key = JobController.ownerKey(pod);
                if (key == null) return;
                if (oldPod.getMetadata().getDeletionTimestamp() == null && pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(key);
                }
                queue.add(key);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String key = JobController.ownerKey(pod);
                if (key == null) return;
                if (pod.getMetadata().getDeletionTimestamp() == null) expectations.deletionObserved(key);
                queue.add(key);
            }
        });
        return new Controller(JobController.NAME, queue, controller::sync, List.of(jobs::hasSynced, pods::hasSynced));
    }

}
