package io.j8s.kubelet.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod statuses to the API server: a merge patch of {@code pods/status} when the status changed,
 * with the pod's uid in the patch so a status never lands on a pod re-made under the same name.
 * A static pod's status goes to its mirror pod ({@code target}).
 */
public final class ApiPodStatusWriter implements PodStatusWriter {

    private static final Logger log = LoggerFactory.getLogger(ApiPodStatusWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a pod's status is written: namespace, name and uid of the API object. */
    public record Target(String namespace, String name, String uid) {}

    private final KubernetesClient client;
    private final Function<Pod, Target> target;
    private final Map<String, String> written = new ConcurrentHashMap<>();

    public ApiPodStatusWriter(KubernetesClient client, Function<Pod, Target> target) {
        this.client = client;
        this.target = target;
    }

    @Override
    public void write(Pod pod, PodStatus status) {
        Target t = target.apply(pod);
        if (t == null) return;
        String json;
        try {
            json = JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String uid = pod.getMetadata().getUid();
        if (json.equals(written.get(uid))) return;
        try {
            // The status as encoded above, not encoded again: {"metadata":{"uid":…},"status":…}.
            String patch = "{\"metadata\":{\"uid\":" + JSON.writeValueAsString(t.uid()) + "},\"status\":" + json + "}";
            // resource(named) rather than withName(name): fabric8 GETs a pod named only by withName before patching it.
            Pod named = new PodBuilder().withNewMetadata().withNamespace(t.namespace()).withName(t.name()).endMetadata().build();
            client.pods().inNamespace(t.namespace()).resource(named).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            written.put(uid, json);
        } catch (KubernetesClientException e) {
            // Gone (deleted meanwhile) or a conflict: the next sync writes again.
            log.debug("Could not write the status of pod {}/{}: {}", t.namespace(), t.name(), e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void confirmDeletion(Pod pod) {
        Target t = target.apply(pod);
        if (t == null) return;
        String path = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + t.namespace() + "/pods/" + t.name();
        Map<String, Object> options = Map.of("apiVersion", "v1", "kind", "DeleteOptions", "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", t.uid()));
        try {
            client.raw(path, "DELETE", options);
            log.info("Pod {} is gone from this node; its deletion is confirmed", Labels.podDesc(pod));
        } catch (KubernetesClientException e) {
            log.debug("Could not confirm the deletion of pod {}: {}", Labels.podDesc(pod), e.getMessage());
        }
        forget(pod.getMetadata().getUid());
    }

    @Override
    public void forget(String uid) {
        written.remove(uid);
    }
}
