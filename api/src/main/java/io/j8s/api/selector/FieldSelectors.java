package io.j8s.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The field labels each kind supports in field selectors, and the values they have, as upstream
 * defines them: the field label conversion functions of the API groups (which accept or refuse a
 * label) and the registries' selectable field sets (which compute its value: a missing number
 * reads "0", a missing boolean "false").
 *
 * <p>Kinds without a conversion function of their own accept only {@code metadata.name} and
 * {@code metadata.namespace}, and refuse anything else with a different message.
 */
public final class FieldSelectors {

    private static final String NAME = "metadata.name";
    private static final String NAMESPACE = "metadata.namespace";

    /**
     * A kind's labels and how each reads from an object.
     *
     * @param custom whether upstream registers a conversion function (and its message) for the kind
     */
    private record Kind(Map<String, Function<ObjectNode, String>> fields, Map<String, String> aliases, boolean custom) {}

    private static final Kind DEFAULT = new Kind(labels().read(NAME, NAMESPACE).build(), Map.of(), false);

    /** By upstream's GroupKind string: "Pod", "Job.batch". */
    private static final Map<String, Kind> KINDS = Map.of(
            "Pod", new Kind(labels()
                    .read(NAME, NAMESPACE, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName")
                    .put("spec.hostNetwork", orDefault("spec.hostNetwork", "false"))
                    .read("status.phase")
                    .put("status.podIP", FieldSelectors::podIP)
                    // accepted by the conversion function, but absent from the pod's field set
                    .put("status.podIPs", pod -> "")
                    .read("status.nominatedNodeName").build(),
                    Map.of("spec.host", "spec.nodeName"), true), // for old v1 clients
            "Node", new Kind(labels().read(NAME).put("spec.unschedulable", orDefault("spec.unschedulable", "false")).build(),
                    Map.of(), true),
            "ReplicationController", new Kind(labels().read(NAME, NAMESPACE)
                    .put("status.replicas", orDefault("status.replicas", "0")).build(), Map.of(), true),
            "Event", new Kind(labels()
                    .read("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                            "reason", "reportingComponent")
                    .put("source", FieldSelectors::eventSource)
                    .read("type", NAMESPACE, NAME).build(), Map.of(), true),
            "Event.events.k8s.io", new Kind(labels()
                    .read("regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
                            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
                            NAMESPACE, NAME).build(), Map.of(), true),
            "Namespace", new Kind(labels().read("status.phase", NAME).build(), Map.of(), true),
            "Secret", new Kind(labels().read("type", NAMESPACE, NAME).build(), Map.of(), true),
            "Service", new Kind(labels().read(NAMESPACE, NAME, "spec.clusterIP", "spec.type").build(), Map.of(), true),
            "Job.batch", new Kind(labels().read(NAME, NAMESPACE)
                    // the label says "successful", the field is status.succeeded
                    .put("status.successful", orDefault("status.succeeded", "0")).build(), Map.of(), true),
            "CertificateSigningRequest.certificates.k8s.io", new Kind(labels().read(NAME, "spec.signerName").build(),
                    Map.of(), true));

    private FieldSelectors() {}

    /** The field labels {@code type} accepts in a field selector (aliases such as spec.host aside). */
    public static List<String> supported(ResourceType type) {
        return List.copyOf(kind(type).fields().keySet());
    }

    /**
     * The selector with each field label checked and converted for {@code type}, as upstream's
     * ConvertFieldLabel does before a list or watch.
     *
     * @throws InvalidSelectorException for a label the kind does not support, with upstream's
     *     message: {@code field label not supported: spec.foo}, or for kinds without their own
     *     conversion {@code "spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"}
     */
    public static FieldSelector check(ResourceType type, FieldSelector selector) {
        Kind kind = kind(type);
        return selector.withFields(field -> {
            String label = kind.aliases().getOrDefault(field, field);
            if (!kind.fields().containsKey(label)) {
                throw new InvalidSelectorException(kind.custom()
                        ? "field label not supported: " + field
                        : "\"" + field + "\" is not a known field selector: only \"" + NAME + "\", \"" + NAMESPACE + "\"");
            }
            return label;
        });
    }

    /** The fields.Set upstream computes for {@code obj}, which selectors are matched against. */
    public static Map<String, String> fieldsOf(ResourceType type, ObjectNode obj) {
        Map<String, String> set = new LinkedHashMap<>();
        kind(type).fields().forEach((label, read) -> set.put(label, read.apply(obj)));
        return set;
    }

    /**
     * Whether {@code obj}, of kind {@code type}, matches a selector {@link #check checked} for that
     * kind. Only the fields its terms name are read: a watch cache tests every change against
     * every selective watcher, so this is on the hot path.
     */
    public static boolean matches(ResourceType type, FieldSelector selector, ObjectNode obj) {
        if (selector.isEmpty()) return true;
        Map<String, Function<ObjectNode, String>> fields = kind(type).fields();
        for (FieldSelector.Term t : selector.terms()) {
            Function<ObjectNode, String> read = fields.get(t.field());
            String value = read == null ? "" : read.apply(obj);
            if (value.equals(t.value()) != t.equal()) return false;
        }
        return true;
    }

    private static Kind kind(ResourceType type) {
        String groupKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        return KINDS.getOrDefault(groupKind, DEFAULT);
    }

    private static Function<ObjectNode, String> path(String path) {
        String[] parts = FieldSelector.split(path);
        return obj -> FieldSelector.read(obj, parts);
    }

    /** A field whose typed zero value is not "": an int that reads "0", a bool that reads "false". */
    private static Function<ObjectNode, String> orDefault(String path, String zero) {
        String[] parts = FieldSelector.split(path);
        return obj -> {
            String v = FieldSelector.read(obj, parts);
            return v.isEmpty() ? zero : v;
        };
    }

    /** The first of status.podIPs (status.podIP for objects that only have that). */
    private static String podIP(ObjectNode pod) {
        JsonNode first = pod.at("/status/podIPs/0/ip");
        return first.isTextual() ? first.textValue() : FieldSelector.read(pod, "status.podIP");
    }

    /** source.component, or reportingComponent for events from the events.k8s.io API. */
    private static String eventSource(ObjectNode event) {
        String component = FieldSelector.read(event, "source.component");
        return component.isEmpty() ? FieldSelector.read(event, "reportingComponent") : component;
    }

    private static Labels labels() {
        return new Labels();
    }

    /** Builds a kind's ordered label → value table. */
    private static final class Labels {
        private final Map<String, Function<ObjectNode, String>> readers = new LinkedHashMap<>();

        /** Labels whose value is the field at the same dotted path. */
        Labels read(String... labels) {
            for (String label : labels) {
                readers.put(label, path(label));
            }
            return this;
        }

        Labels put(String label, Function<ObjectNode, String> reader) {
            readers.put(label, reader);
            return this;
        }

        Map<String, Function<ObjectNode, String>> build() {
            return Collections.unmodifiableMap(readers);
        }
    }
}
