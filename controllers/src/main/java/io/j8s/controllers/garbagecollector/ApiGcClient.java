package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.BuiltinResources;
import io.j8s.api.ResourceType;
import io.j8s.controllers.common.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The collector's reads and writes through the API, for any built-in kind (upstream uses the metadata client). */
final class ApiGcClient implements GarbageCollector.GcClient {

    private static final Map<String, ResourceType> BY_KIND = BuiltinResources.all().stream()
            .collect(Collectors.toMap(t -> t.apiVersion() + "/" + t.kind(), Function.identity(), (a, b) -> a));

    private final KubernetesClient client;

    ApiGcClient(KubernetesClient client) {
        this.client = client;
    }

    static ResourceType type(String apiVersion, String kind) {
        return BY_KIND.get(apiVersion + "/" + kind);
    }

    private Resource<GenericKubernetesResource> resource(Identity id) {
        ResourceType t = mapped(id);
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(context(t));
        return t.namespaced() ? op.inNamespace(id.namespace()).withName(id.name()) : op.withName(id.name());
    }

    /** {@link #resource} for a patch, which would otherwise GET the object first (see {@link Named}). */
    private Resource<GenericKubernetesResource> patchable(Identity id) {
        ResourceType t = mapped(id);
        return Named.generic(client.genericKubernetesResources(context(t)), id.apiVersion(), id.kind(),
                t.namespaced() ? id.namespace() : null, id.name());
    }

    private static ResourceType mapped(Identity id) {
        ResourceType t = type(id.apiVersion(), id.kind());
        if (t == null) throw new IllegalStateException("unable to get REST mapping for " + id.apiVersion() + "/" + id.kind());
        return t;
    }

    private static ResourceDefinitionContext context(ResourceType t) {
        return new ResourceDefinitionContext.Builder().withGroup(t.group()).withVersion(t.version()).withKind(t.kind())
                .withPlural(t.plural()).withNamespaced(t.namespaced()).build();
    }

    @Override
    public Identity.View get(Identity id) {
        if (type(id.apiVersion(), id.kind()) == null) {
            // A kind j8s does not serve cannot be checked: treat the owner as present, as upstream does on a mapping error.
            return new Identity.View(id, null, List.of(), false, List.of());
        }
        GenericKubernetesResource r = resource(id).get();
        if (r == null) return null;
        var m = r.getMetadata();
        ResourceType t = type(id.apiVersion(), id.kind());
        return new Identity.View(new Identity(id.apiVersion(), id.kind(), t.namespaced() ? m.getNamespace() : "", m.getName(), m.getUid()),
                m.getResourceVersion(), m.getOwnerReferences(), m.getDeletionTimestamp() != null, m.getFinalizers());
    }

    @Override
    public void delete(Identity id, String propagationPolicy, String resourceVersion) {
        DeletionPropagation p = DeletionPropagation.valueOf(propagationPolicy.toUpperCase());
        resource(id).withPropagationPolicy(p).delete();
    }

    @Override
    public void patch(Identity id, String patch) {
        patchable(id).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    @Override
    public void removeFinalizer(Identity id, String finalizer) {
        for (int attempt = 0; ; attempt++) {
            GenericKubernetesResource r = resource(id).get();
            if (r == null || !id.uid().equals(r.getMetadata().getUid())) return;
            List<String> finalizers = new ArrayList<>(r.getMetadata().getFinalizers() == null ? List.of() : r.getMetadata().getFinalizers());
            if (!finalizers.remove(finalizer)) return;
            String patch = "{\"metadata\":{\"finalizers\":" + Serialization.asJson(finalizers) + ",\"resourceVersion\":\""
                    + r.getMetadata().getResourceVersion() + "\"}}";
            try {
                patchable(id).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) return;
                if (e.getCode() != 409 || attempt >= 5) throw e;
            }
        }
    }
}
