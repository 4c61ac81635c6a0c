package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.common.Named;
import io.j8s.controllers.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The node lifecycle controller's writes through the API. */
final class ApiNodeClient implements NodeLifecycleController.NodeClient {

    private final KubernetesClient client;

    ApiNodeClient(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void updateNodeStatus(Node node) {
        client.nodes().resource(node).updateStatus();
    }

    @Override
    public void updateTaints(String name, UnaryOperator<List<Taint>> change) {
        for (int attempt = 0; ; attempt++) {
            Node node = client.nodes().withName(name).get();
            if (node == null) return;
            List<Taint> before = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
            List<Taint> after = change.apply(new ArrayList<>(before));
            if (after.equals(before)) return;
            // A merge patch of the whole list, guarded by the resourceVersion read (upstream patches taints the same way).
            String patch = Serialization.asJson(Map.of("metadata", Map.of("resourceVersion", node.getMetadata().getResourceVersion()),
                    "spec", Map.of("taints", after)));
            try {
                Named.node(client, name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) throw e;
            }
        }
    }

    @Override
    public void markPodNotReady(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
                List<PodCondition> out = new ArrayList<>();
                String now = Times.format(Instant.now());
                for (PodCondition c : p.getStatus().getConditions() == null ? List.<PodCondition>of() : p.getStatus().getConditions()) {
                    if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                        out.add(new PodConditionBuilder(c).withStatus("False").withLastTransitionTime(now).build());
                    } else {
                        out.add(c);
                    }
                }
                p.getStatus().setConditions(out);
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) throw e;
        }
    }

    @Override
    public void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }
}
