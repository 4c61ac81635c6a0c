package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.controllers.runtime.EventRecorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Upstream's {@code RealPodControl}: pods through the API, with its events and messages. */
public final class ApiPodControl implements PodControl {

    private static final Logger log = LoggerFactory.getLogger(ApiPodControl.class);

    private final KubernetesClient client;
    private final EventRecorder recorder;

    public ApiPodControl(KubernetesClient client, EventRecorder recorder) {
        this.client = client;
        this.recorder = recorder;
    }

    /** The pod upstream's {@code GetPodFromTemplate} makes: the template, named after the owner, owned by it. */
    public static Pod podFromTemplate(String namespace, PodTemplateSpec template, HasMetadata owner, OwnerReference ref) {
        // No copy of the template first: nothing here changes it, and the builder copies what it
        // takes (the spec through PodSpecBuilder, the maps and lists anew). A JSON round trip per
        // pod was 8% of the controller manager's CPU samples in bench/controllers.sh.
        PodTemplateSpec t = template;
        Map<String, String> labels = t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels();
        Map<String, String> annotations = t.getMetadata() == null || t.getMetadata().getAnnotations() == null ? Map.of()
                : t.getMetadata().getAnnotations();
        String prefix = owner.getMetadata().getName() + "-";
        // Upstream trims the prefix so the generated name stays a valid DNS subdomain.
        if (prefix.length() > 58) prefix = prefix.substring(0, 58);
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withGenerateName(prefix)
                .withLabels(new HashMap<>(labels)).withAnnotations(new HashMap<>(annotations))
                .withFinalizers(t.getMetadata() == null ? null : t.getMetadata().getFinalizers())
                .withOwnerReferences(List.of(ref)).endMetadata().withSpec(t.getSpec()).build();
    }

    @Override
    public void createPod(String namespace, PodTemplateSpec template, HasMetadata owner, OwnerReference ref) {
        Pod pod = podFromTemplate(namespace, template, owner, ref);
        try {
            Pod created = client.pods().inNamespace(namespace).resource(pod).create();
            log.debug("Controller {} created pod {}", owner.getMetadata().getName(), created.getMetadata().getName());
            recorder.event(owner, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // As upstream: a namespace being deleted refuses new pods; that is no failure of the controller.
            if (e.getCode() == 403 && message(e).contains("because it is being terminated")) return;
            recorder.event(owner, EventRecorder.WARNING, "FailedCreate", "Error creating: " + message(e));
            throw e;
        }
    }

    @Override
    public void deletePod(String namespace, String name, HasMetadata owner) {
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
            recorder.event(owner, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return;
            recorder.event(owner, EventRecorder.WARNING, "FailedDelete", "Error deleting: " + message(e));
            throw e;
        }
    }

    @Override
    public void patchPod(String namespace, String name, String patch) {
        Named.pod(client, namespace, name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
