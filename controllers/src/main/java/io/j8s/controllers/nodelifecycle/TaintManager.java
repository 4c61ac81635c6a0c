package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's NoExecute taint manager (the taint eviction controller): a pod on a node with
 * NoExecute taints is deleted when the shortest tolerationSeconds of its matching tolerations has
 * passed since the taints were seen, at once if it does not tolerate them all, never if it
 * tolerates them for ever. A taint removed in time cancels the eviction.
 */
final class TaintManager {

    private static final Logger log = LoggerFactory.getLogger(TaintManager.class);

    /** An eviction planned: when the taints were first seen for this pod, and when it is due. */
    record Scheduled(Instant createdAt, Instant fireAt) {}

    private final Lister<Node> nodes;
    private final Lister<Pod> pods;
    private final NodeLifecycleController.NodeClient client;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

    TaintManager(Lister<Node> nodes, Lister<Pod> pods, NodeLifecycleController.NodeClient client, EventRecorder recorder, WorkQueue queue,
            Clock clock) {
        this.nodes = nodes;
        this.pods = pods;
        this.client = client;
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
    }

    Map<String, Scheduled> scheduled() {
        return scheduled;
    }

    /** A node's taints may have changed: look at each of its pods. */
    void nodeChanged(Node node) {
        String name = node.getMetadata().getName();
        for (Pod p : pods.list()) {
            if (name.equals(Pods.nodeName(p))) queue.add("pod/" + Keys.of(p));
        }
    }

    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                if (!Pods.nodeName(p).isEmpty()) queue.add("pod/" + Keys.of(p));
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                boolean moved = !Objects.equals(Pods.nodeName(old), Pods.nodeName(cur));
                boolean tolerations = !Objects.equals(old.getSpec().getTolerations(), cur.getSpec().getTolerations());
                if (moved || tolerations) queue.add("pod/" + Keys.of(cur));
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
                scheduled.remove(Keys.of(p));
            }
        };
    }

    /** Upstream's {@code processPodOnNode}, level-triggered: evict now, plan an eviction, or cancel one. */
    void sync(String podKey) {
        Pod pod = pods.get(Keys.namespace(podKey), Keys.name(podKey));
        if (pod == null || Pods.isDeleting(pod) || Pods.nodeName(pod).isEmpty()) {
            scheduled.remove(podKey);
            return;
        }
        Node node = nodes.get("", Pods.nodeName(pod));
        List<Taint> taints = node == null ? List.of()
                : Taints.of(node).stream().filter(t -> Taints.NO_EXECUTE.equals(t.getEffect())).toList();
        if (taints.isEmpty()) {
            cancel(pod, podKey);
            return;
        }
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        Duration min = Taints.minTolerationTime(taints, tolerations);
        if (min == null) {
            cancel(pod, podKey);
            return;
        }
        Instant now = clock.instant();
        Scheduled s = scheduled.get(podKey);
        Instant start = s == null ? now : s.createdAt();
        Instant fireAt = start.plus(min);
        if (now.isBefore(fireAt)) {
            scheduled.put(podKey, new Scheduled(start, fireAt));
            queue.addAfter("pod/" + podKey, Duration.between(now, fireAt));
            return;
        }
        scheduled.remove(podKey);
        log.info("Evicting pod {} from node {}: its tolerations of {} ran out", podKey, Pods.nodeName(pod),
                taints.stream().map(Taint::getKey).toList());
        recorder.event(pod, EventRecorder.NORMAL, "TaintManagerEviction", "Marking for deletion Pod " + podKey);
        try {
            client.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;
        }
    }

    private void cancel(Pod pod, String podKey) {
        if (scheduled.remove(podKey) != null) {
            recorder.event(pod, EventRecorder.NORMAL, "TaintManagerEviction", "Cancelling deletion of Pod " + podKey);
        }
    }
}
