package io.j8s.api.openapi;

import java.util.Set;

/**
 * The names upstream's OpenAPI gives the types fabric8 models: the Go package path reversed, then
 * the type ({@code io.k8s.api.apps.v1.Deployment}). Clients look schemas up by these names and
 * kubectl prints their last segment as a field's type, so they must match upstream exactly.
 */
final class UpstreamNames {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";
    static final String PATCH = META + "Patch";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

    /** fabric8 keeps apimachinery's meta/v1 types in its core package; upstream does not. */
    private static final Set<String> META_TYPES = Set.of(
            "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference",
            "ManagedFieldsEntry", "FieldsV1", "Condition", "Status", "StatusDetails", "StatusCause",
            "DeleteOptions", "Preconditions", "MicroTime", "WatchEvent", "APIResource", "APIResourceList",
            "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR",
            "RootPaths", "TypeMeta", "ListOptions", "GetOptions", "CreateOptions", "UpdateOptions", "PatchOptions");

    /** fabric8 sub-packages that hold an upstream {@code k8s.io/api} group, version implied when absent. */
    private static final Set<String> API_GROUPS = Set.of(
            "apps", "batch", "certificates", "coordination", "discovery", "events", "policy", "rbac", "scheduling");

    private UpstreamNames() {}

    static String of(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8)) {
            return switch (simple) {
                case "Quantity" -> QUANTITY;
                case "IntOrString" -> INT_OR_STRING;
                default -> (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
            };
        }
        if (pkg.startsWith(FABRIC8 + ".")) {
            // "apps" → apps/v1, "batch.v1" → batch/v1: fabric8 drops the version for groups it
            // generated before it kept several versions of one group.
            String[] parts = pkg.substring(FABRIC8.length() + 1).split("\\.");
            if (API_GROUPS.contains(parts[0]) && parts.length <= 2) {
                return "io.k8s.api." + parts[0] + "." + (parts.length == 2 ? parts[1] : "v1") + "." + simple;
            }
        }
        throw new IllegalArgumentException("no upstream name for " + type.getName());
    }

    /** "Deployment" for "io.k8s.api.apps.v1.Deployment": what kubectl explain shows as a type. */
    static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
