package io.j8s.controllers.namespace;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.j8s.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The namespace controller's API side: any namespaced kind through the generic client. */
final class ApiNamespaceClient implements NamespaceController.NamespaceClient {

    private final KubernetesClient client;

    ApiNamespaceClient(KubernetesClient client) {
        this.client = client;
    }

    private static ResourceDefinitionContext context(ResourceType t) {
        return new ResourceDefinitionContext.Builder().withGroup(t.group()).withVersion(t.version()).withKind(t.kind())
                .withPlural(t.plural()).withNamespaced(true).build();
    }

    @Override
    public Namespace get(String name) {
        return client.namespaces().withName(name).get();
    }

    @Override
    public List<NamespaceController.Item> list(ResourceType type, String namespace) {
        List<NamespaceController.Item> out = new ArrayList<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(context(type)).inNamespace(namespace).list().getItems()) {
            long grace = 0;
            if (type.kind().equals("Pod") && type.group().isEmpty()) {
                Long g = r.getMetadata().getDeletionGracePeriodSeconds();
                Object spec = r.getAdditionalProperties().get("spec");
                Object t = spec instanceof Map<?, ?> m ? m.get("terminationGracePeriodSeconds") : null;
                grace = g != null ? g : t instanceof Number n ? n.longValue() : 30;
            }
            out.add(new NamespaceController.Item(r.getMetadata().getName(), r.getMetadata().getFinalizers(), grace));
        }
        return out;
    }

    @Override
    public void deleteAll(ResourceType type, String namespace) {
        var op = client.genericKubernetesResources(context(type)).inNamespace(namespace);
        for (GenericKubernetesResource r : op.list().getItems()) {
            if (r.getMetadata().getDeletionTimestamp() != null) continue;
            try {
                op.withName(r.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) throw e;
            }
        }
    }

    @Override
    public void updateStatus(Namespace ns) {
        client.namespaces().resource(ns).updateStatus();
    }

    @Override
    public void finalize(Namespace ns) {
        client.namespaces().resource(ns).subresource("finalize").update();
    }
}
