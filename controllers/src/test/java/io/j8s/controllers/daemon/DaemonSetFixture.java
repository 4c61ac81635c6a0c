package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.PodControl;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.history.FakeRevisionClient;
import io.j8s.controllers.history.Revisions;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code newTestController} for DaemonSets: informer contents put by hand, fakes that
 * record every write ("create pod on node-1", "delete pod default/x", "status ...", "event ...").
 */
final class DaemonSetFixture {

    static final Map<String, String> LABELS = Map.of("app", "agent");

    final FakeClock clock = new FakeClock();
    final StaticLister<DaemonSet> daemonSets = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final StaticLister<Node> nodes = new StaticLister<>();
    final StaticLister<ControllerRevision> revisions = new StaticLister<>();
    final FakeRevisionClient revisionClient = new FakeRevisionClient(revisions);
    final List<String> actions = Collections.synchronizedList(new ArrayList<>());
    final List<DaemonSet> statuses = Collections.synchronizedList(new ArrayList<>());
    final List<Pod> created = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));
    final DaemonSetController controller;

    DaemonSetFixture() {
        PodControl podControl = new PodControl() {
            @Override
            public void createPod(String namespace, PodTemplateSpec template, HasMetadata owner, OwnerReference ref) {
                String node = template.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms().getFirst().getMatchFields().getFirst().getValues().getFirst();
                created.add(io.j8s.controllers.common.ApiPodControl.podFromTemplate(namespace, template, owner, ref));
                actions.add("create pod on " + node);
            }

            @Override
            public void deletePod(String namespace, String name, HasMetadata owner) {
                actions.add("delete pod " + namespace + "/" + name);
            }

            @Override
            public void patchPod(String namespace, String name, String patch) {
                actions.add("patch pod " + namespace + "/" + name + " " + (patch.contains("ownerReferences") ? "adopt" : patch));
            }
        };
        DaemonSetController.DaemonSetClient client = new DaemonSetController.DaemonSetClient() {
            @Override
            public DaemonSet updateStatus(DaemonSet ds) {
                statuses.add(ds);
                daemonSets.put(Copies.deepCopy(ds));
                return ds;
            }

            @Override
            public DaemonSet get(String namespace, String name) {
                return Copies.deepCopy(daemonSets.get(namespace, name));
            }
        };
        EventRecorder recorder = (object, type, reason, message) -> events.add(type + " " + reason + " " + message);
        controller = new DaemonSetController(daemonSets, pods, nodes, revisions, podControl, client, revisionClient, recorder, queue,
                clock, DaemonSetController.BURST_REPLICAS);
    }

    static DaemonSet daemonSet(String strategy, int maxUnavailable, int maxSurge) {
        var b = new DaemonSetBuilder().withNewMetadata().withNamespace("default").withName("agent").withUid("agent-uid")
                .withGeneration(1L).withResourceVersion("1").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(LABELS).endSelector()
                .withTemplate(Fixtures.template(LABELS, "agent:1")).withRevisionHistoryLimit(10)
                .withNewUpdateStrategy().withType(strategy).endUpdateStrategy().endSpec();
        if (strategy.equals("RollingUpdate")) {
            b.editSpec().editUpdateStrategy().withNewRollingUpdate().withMaxUnavailable(new IntOrString(maxUnavailable))
                    .withMaxSurge(new IntOrString(maxSurge)).endRollingUpdate().endUpdateStrategy().endSpec();
        }
        return b.build();
    }

    static DaemonSet daemonSet() {
        return daemonSet("RollingUpdate", 1, 0);
    }

    static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec().build();
    }

    static Node node(String name) {
        return node(name, Map.of());
    }

    static String hash(DaemonSet ds) {
        return Revisions.hashTemplate(ds.getSpec().getTemplate(), null);
    }

    /** A daemon pod of {@code ds} bound to {@code node}, labelled with {@code hash}. */
    static Pod pod(String name, DaemonSet ds, String node, String hash, String phase, boolean ready) {
        Map<String, String> labels = new HashMap<>(LABELS);
        if (hash != null) labels.put(Revisions.HASH_LABEL, hash);
        return Fixtures.pod(name, labels, ds, phase, ready, node);
    }

    DaemonSetFixture with(DaemonSet ds) {
        daemonSets.put(ds);
        return this;
    }

    DaemonSetFixture with(Node... ns) {
        for (Node n : ns) nodes.put(n);
        return this;
    }

    DaemonSetFixture with(Pod... ps) {
        for (Pod p : ps) pods.put(p);
        return this;
    }

    void sync() {
        controller.sync("default/agent");
    }

    /** The pod writes so far, sorted (one batch runs in parallel), then forgotten. */
    List<String> take() {
        synchronized (actions) {
            List<String> out = new ArrayList<>(actions);
            Collections.sort(out);
            actions.clear();
            return out;
        }
    }

    DaemonSet lastStatus() {
        return statuses.getLast();
    }
}
