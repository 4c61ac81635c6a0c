package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.RuntimeService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per pod (upstream's {@code podWorkers}): updates from the pod sources, the runtime
 * (PLEG), the probes and timers only mark the pod dirty; its worker then syncs it, one sync at a
 * time, as often as it was marked. A pod lives through three stages: syncing (it should run),
 * terminating (deleted, or finished for good: its containers are killed, its sandbox stopped),
 * terminated (once gone from the API: removed from the runtime; a graceful deletion is confirmed).
 */
public final class PodWorkers {

    private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);

    private final RuntimeService runtime;
    private final PodSync sync;
    private final PodTermination termination;
    private final PodStatuses statuses;
    private final PodStatusWriter writer;
    private final PodProbes probes;
    private final Timers timers;
    private final Executor executor;
    private final String hostIp;
    private final Duration retryPeriod;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();

    /** A pod's worker. Fields are guarded by the worker's monitor. */
    private static final class Worker {
        final String uid;
        Pod pod;
        boolean removed;
        boolean running;
        boolean dirty;
        /** Finished for good on this node (terminal phase, or killed for a deletion). */
        boolean finished;
        boolean gone;
        Timers.Cancellable requeue;

        Worker(String uid, Pod pod) {
            this.uid = uid;
            this.pod = pod;
        }
    }

    public PodWorkers(RuntimeService runtime, PodSync sync, PodTermination termination, PodStatuses statuses,
            PodStatusWriter writer, PodProbes probes, Timers timers, Executor executor, String hostIp, Duration retryPeriod) {
        this.runtime = runtime;
        this.sync = sync;
        this.termination = termination;
        this.statuses = statuses;
        this.writer = writer;
        this.probes = probes;
        this.timers = timers;
        this.executor = executor;
        this.hostIp = hostIp;
        this.retryPeriod = retryPeriod;
    }

    /** The pod as its source has it now (added, changed, or marked for deletion). */
    public void update(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Worker w = workers.computeIfAbsent(uid, u -> new Worker(u, pod));
        synchronized (w) {
            if (w.gone) return;
            w.pod = pod;
        }
        kick(w);
    }

    /** The pod is gone from its source (deleted from the API, its manifest removed): stop and remove it. */
    public void remove(Pod lastKnown) {
        String uid = lastKnown.getMetadata().getUid();
        Worker w = workers.computeIfAbsent(uid, u -> new Worker(u, lastKnown));
        synchronized (w) {
            if (w.gone) return;
            w.removed = true;
        }
        kick(w);
    }

    /** Something about the pod changed (a container exited, a probe's verdict): sync it again. */
    public void sync(String uid) {
        Worker w = workers.get(uid);
        if (w != null) kick(w);
    }

    /** The pods with a worker, by uid. */
    public Set<String> uids() {
        return Set.copyOf(workers.keySet());
    }

    public boolean isKnown(String uid) {
        return workers.containsKey(uid);
    }

    private void kick(Worker w) {
        synchronized (w) {
            w.dirty = true;
            if (w.running) return;
            w.running = true;
        }
        executor.execute(() -> loop(w));
    }

    private void loop(Worker w) {
        while (true) {
            synchronized (w) {
                if (!w.dirty) {
                    w.running = false;
                    return;
                }
                w.dirty = false;
            }
            try {
                syncOnce(w);
            } catch (RuntimeException e) {
                log.warn("Error syncing pod {}, retrying in {}: {}", w.uid, retryPeriod, e.toString(), e);
                schedule(w, retryPeriod);
            }
        }
    }

    private void schedule(Worker w, Duration after) {
        synchronized (w) {
            if (w.requeue != null) w.requeue.cancel();
            w.requeue = timers.schedule(after, () -> kick(w));
        }
    }

    private void syncOnce(Worker w) {
        Pod pod;
        boolean removed;
        synchronized (w) {
            pod = w.pod;
            removed = w.removed;
        }
        RuntimePod current = RuntimePod.read(runtime, w.uid);
        if (removed || pod.getMetadata().getDeletionTimestamp() != null) {
            terminate(w, pod, removed, current);
            return;
        }
        if (w.finished) return;
        String apiPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(apiPhase) || "Failed".equals(apiPhase)) {
            // Finished in an earlier life of this kubelet: never started again, only kept stopped.
            probes.remove(w.uid);
            termination.terminate(pod, current, Duration.ZERO);
            w.finished = true;
            return;
        }
        SyncResult result = sync.sync(pod, current);
        current = RuntimePod.read(runtime, w.uid);
        boolean terminal = isTerminal(pod, current, result);
        PodStatus status = statuses.generate(pod, current, result, hostIp, terminal, timers.clock().instant());
        writer.write(pod, status);
        if (terminal) {
            probes.remove(w.uid);
            termination.terminate(pod, current, Duration.ZERO);
            w.finished = true;
            log.info("Pod {} finished: {}", Labels.podDesc(pod), status.getPhase());
            return;
        }
        probes.update(pod, current);
        result.requeueAfter().ifPresent(d -> schedule(w, d));
    }

    private void terminate(Worker w, Pod pod, boolean removed, RuntimePod current) {
        probes.remove(w.uid);
        if (!current.running().isEmpty() || current.readySandbox().isPresent()) {
            termination.terminate(pod, current, ContainerLifecycle.grace(pod, null));
            current = RuntimePod.read(runtime, w.uid);
        }
        if (!removed) {
            // The last status, with every container stopped, before the pod goes.
            PodStatus status = statuses.generate(pod, current, SyncResult.done(), hostIp, true, timers.clock().instant());
            writer.write(pod, status);
        }
        termination.cleanup(w.uid, current);
        if (!removed) writer.confirmDeletion(pod);
        writer.forget(w.uid);
        synchronized (w) {
            w.gone = true;
            if (w.requeue != null) w.requeue.cancel();
        }
        workers.remove(w.uid);
    }

    /**
     * Whether the pod is done on this node for good (upstream's {@code podIsTerminal}): its init
     * containers failed and may not be retried, or every container exited and the restart policy
     * starts none again.
     */
    static boolean isTerminal(Pod pod, RuntimePod current, SyncResult result) {
        if (result.initFailed()) return true;
        String policy = PodSync.restartPolicy(pod);
        if (policy.equals("Always")) return false;
        if (pod.getSpec().getContainers().isEmpty()) return false;
        for (var c : pod.getSpec().getContainers()) {
            var latest = current.latest(c.getName());
            if (latest.isEmpty() || !latest.get().exited()) return false;
            ContainerStatus s = latest.get();
            if (PodSync.shouldRestart(policy, s.exitCode())) return false;
        }
        return true;
    }
}
