package io.j8s.api.proto;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where Kubernetes' JSON for a field is not what its .proto says: the few renames, the embedded
 * structs Go flattens, and which zero values Go prints.
 *
 * <p>Zero values need a table because Go's protobuf encoder (gogo) writes every non-pointer field,
 * set or not, while its JSON encoder drops zero values of {@code omitempty} fields. A field that
 * arrives as {@code ""}, {@code 0} or {@code false} is therefore either unset (a non-pointer field:
 * JSON omits it) or explicitly zero (a pointer such as {@code spec.replicas}, or a field without
 * {@code omitempty}: JSON prints it), and the .proto cannot tell which. {@code zero-values.txt}
 * records the answer Go's own JSON encoder gives, captured through kubectl by
 * {@code ZeroValueOracleTest}, for every field reachable from the kinds kubectl creates. Fields
 * outside it fall back to the safe side: an empty string or byte string is unset (a Go pointer
 * string is almost never explicitly empty), a zero number or false is kept (losing an explicit
 * {@code replicas: 0} would change meaning; keeping a non-pointer zero never does).
 */
final class FieldRules {

    /** .proto field names that are Go field names where the JSON name is lower case. */
    private static final Map<String, String> RENAMES = Map.of(
            "k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.Validation.Expression", "expression",
            "k8s.io.api.admissionregistration.v1.Variable.Name", "name",
            "k8s.io.api.admissionregistration.v1.Variable.Expression", "expression");

    /**
     * Go structs embedded with {@code json:",inline"}: protobuf nests them as one field, JSON
     * spreads their fields over the parent ({@code volumes[].configMap}, not
     * {@code volumes[].volumeSource.configMap}).
     */
    private static final Set<String> INLINE = Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.ConfigMapEnvSource.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapKeySelector.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapProjection.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapVolumeSource.localObjectReference",
            "k8s.io.api.core.v1.SecretEnvSource.localObjectReference",
            "k8s.io.api.core.v1.SecretKeySelector.localObjectReference",
            "k8s.io.api.core.v1.SecretProjection.localObjectReference",
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.admissionregistration.v1.NamedRuleWithOperations.ruleWithOperations",
            "k8s.io.api.admissionregistration.v1.RuleWithOperations.rule");

    static final String ZERO_VALUES = "zero-values.txt";

    /** message full name + "." + field → whether Go's JSON prints the field's zero value. */
    private static final Map<String, Boolean> ZERO = load();

    private FieldRules() {}

    static String jsonName(FieldDescriptor f) {
        return RENAMES.getOrDefault(key(f), f.getName());
    }

    static boolean inline(FieldDescriptor f) {
        return INLINE.contains(key(f));
    }

    /** Whether a singular scalar field that arrived holding its zero value appears in the JSON. */
    static boolean printsZero(FieldDescriptor f) {
        Boolean known = ZERO.get(key(f));
        return known != null ? known : fallbackPrintsZero(f);
    }

    static boolean fallbackPrintsZero(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case STRING, BYTE_STRING -> false;
            default -> true;
        };
    }

    static String key(FieldDescriptor f) {
        return f.getContainingType().getFullName() + "." + f.getName();
    }

    /** Lines of {@code <message> <field> print|omit}; '#' starts a comment. */
    private static Map<String, Boolean> load() {
        Map<String, Boolean> m = new HashMap<>();
        try (InputStream in = FieldRules.class.getResourceAsStream(ZERO_VALUES)) {
            if (in == null) throw new IllegalStateException(ZERO_VALUES + " is missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] p = line.split("\\s+");
                if (p.length != 3 || !(p[2].equals("print") || p[2].equals("omit"))) {
                    throw new IllegalStateException(ZERO_VALUES + ": bad line: " + line);
                }
                m.put(p[0] + "." + p[1], p[2].equals("print"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
