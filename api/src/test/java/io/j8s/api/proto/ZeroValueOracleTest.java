package io.j8s.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.j8s.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asks Go's JSON encoder, through kubectl 1.32, which zero values it prints, and checks
 * {@code zero-values.txt} says the same ({@code -Dj8s.proto.record=true} rewrites the file).
 *
 * <p>kubectl's typed {@code create} commands decode the server's protobuf answer into the Go
 * type and print it with {@code -o json}; {@link FakeApiServer} answers with a message whose
 * every field is set to zero, so what kubectl prints is exactly the fields whose zero value Go
 * prints (pointers, fields without {@code omitempty}). A second round with every field non-zero
 * checks that each .proto field has the JSON name (or is inlined) as {@link FieldRules} says.
 * Everything reachable from these kinds is covered: all of PodSpec through the templates, and the
 * metadata, spec and status of each kind.
 */
class ZeroValueOracleTest {

    private static final boolean RECORD = Boolean.getBoolean("j8s.proto.record");

    /**
     * Fields of client-java-proto 24's .proto files (Kubernetes 1.30's) that 1.32's Go types no
     * longer have, so Go's JSON never shows them.
     */
    private static final Set<String> GONE_BY_1_32 = Set.of("k8s.io.api.core.v1.PodResourceClaim.source");

    /** A kind and a kubectl command that prints the server's answer for it. */
    record Probe(String apiVersion, String kind, List<String> args) {}

    static final List<Probe> PROBES = List.of(
            probe("apps/v1", "Deployment", "create", "deployment", "d", "--image=busybox"),
            probe("batch/v1", "Job", "create", "job", "j", "--image=busybox"),
            probe("batch/v1", "CronJob", "create", "cronjob", "cj", "--image=busybox", "--schedule=* * * * *"),
            probe("v1", "ConfigMap", "create", "configmap", "c"),
            probe("v1", "Secret", "create", "secret", "generic", "s"),
            probe("v1", "Namespace", "create", "namespace", "n"),
            probe("v1", "Service", "create", "service", "clusterip", "svc", "--tcp=80"),
            probe("v1", "ServiceAccount", "create", "serviceaccount", "sa"),
            probe("v1", "ResourceQuota", "create", "quota", "q", "--hard=pods=1"),
            probe("rbac.authorization.k8s.io/v1", "Role", "create", "role", "r", "--verb=get", "--resource=pods"),
            probe("rbac.authorization.k8s.io/v1", "RoleBinding", "create", "rolebinding", "rb", "--role=r", "--user=u"),
            probe("rbac.authorization.k8s.io/v1", "ClusterRole", "create", "clusterrole", "cr", "--verb=get", "--resource=pods"),
            probe("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "create", "clusterrolebinding", "crb",
                    "--clusterrole=cr", "--user=u"),
            probe("scheduling.k8s.io/v1", "PriorityClass", "create", "priorityclass", "pc", "--value=1"),
            probe("policy/v1", "PodDisruptionBudget", "create", "poddisruptionbudget", "p", "--selector=a=b",
                    "--min-available=1"),
            probe("networking.k8s.io/v1", "Ingress", "create", "ingress", "i", "--rule=a.example/=svc:80"),
            new Probe("autoscaling/v1", "HorizontalPodAutoscaler",
                    List.of("autoscale", "deployment", "d", "--max=3", "-o", "json", "--show-managed-fields")));

    private static Probe probe(String apiVersion, String kind, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        // kubectl hides managedFields unless asked
        a.addAll(List.of("--validate=false", "-o", "json", "--show-managed-fields"));
        return new Probe(apiVersion, kind, List.copyOf(a));
    }

    @Test
    void zeroValuesTableIsWhatGoPrints(@TempDir Path home) throws IOException {
        Optional<Kubectl> found = Kubectl.find("1.32");
        assumeTrue(found.isPresent(), "kubectl 1.32 is not installed");
        Kubectl kubectl = found.get();
        Map<String, Boolean> printsZero = new TreeMap<>();
        Map<String, Boolean> differs = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (FakeApiServer server = FakeApiServer.start()) {
            for (Probe p : PROBES) {
                Descriptor type = ProtoSchemas.find(p.apiVersion(), p.kind()).orElseThrow();
                for (boolean zero : new boolean[] {true, false}) {
                    Message m = FilledMessages.fill(type, zero);
                    server.replyWith(FilledMessages.envelope(p.apiVersion(), p.kind(), m));
                    JsonNode printed = Json.MAPPER.readTree(kubectl.run(server, home, p.args()).orFail(p.args()).out());
                    new Walk(zero, printsZero, differs, problems).message(type, printed, p.kind());
                }
            }
        }
        assertThat(problems).as("fields Go names or places differently than FieldRules says").isEmpty();

        String table = table(differs);
        Path file = Path.of("src/main/resources/io/j8s/api/proto", FieldRules.ZERO_VALUES);
        if (RECORD) {
            Files.writeString(file, table, StandardCharsets.UTF_8);
        } else {
            try (InputStream in = FieldRules.class.getResourceAsStream(FieldRules.ZERO_VALUES)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as("zero-values.txt is stale; rerun with -Dj8s.proto.record=true").isEqualTo(table);
            }
        }
    }

    /** Only the fields where Go differs from FieldRules' fallback need a line. */
    private static String table(Map<String, Boolean> differs) {
        StringBuilder s = new StringBuilder("""
                # Which fields Go's JSON encoder prints when they hold their zero value ("", 0, false), where that
                # differs from FieldRules' fallback (strings omitted, numbers and booleans printed). Written by
                # ZeroValueOracleTest from what kubectl 1.32 prints (-Dj8s.proto.record=true); do not edit by hand.
                # <message> <field> print|omit
                """);
        differs.forEach((key, prints) -> {
            int dot = key.lastIndexOf('.');
            s.append(key, 0, dot).append(' ').append(key.substring(dot + 1)).append(' ').append(prints ? "print" : "omit").append('\n');
        });
        return s.toString();
    }

    /** Walks a filled message and kubectl's JSON of it side by side. */
    private record Walk(boolean zero, Map<String, Boolean> printsZero, Map<String, Boolean> differs, List<String> problems) {

        void message(Descriptor type, JsonNode json, String path) {
            for (FieldDescriptor f : type.getFields()) {
                if (GONE_BY_1_32.contains(FieldRules.key(f))) continue;
                String name = FieldRules.jsonName(f);
                String at = path + "." + name;
                boolean isMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
                if (f.isMapField()) {
                    FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
                    JsonNode entry = json.path(name).path(FilledMessages.MAP_KEY);
                    if (entry.isMissingNode()) problems.add(at + " (map) is not in Go's JSON");
                    else if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !FilledMessages.special(value.getMessageType())) {
                        message(value.getMessageType(), entry, at + "[k]");
                    }
                } else if (f.isRepeated()) {
                    JsonNode first = json.path(name).path(0);
                    if (first.isMissingNode()) problems.add(at + " (list) is not in Go's JSON");
                    else if (isMessage && !FilledMessages.special(f.getMessageType())) message(f.getMessageType(), first, at + "[0]");
                } else if (isMessage && FieldRules.inline(f)) {
                    message(f.getMessageType(), json, path);
                } else if (isMessage) {
                    JsonNode child = json.path(name);
                    if (child.isMissingNode()) problems.add(at + " is not in Go's JSON");
                    else if (!FilledMessages.special(f.getMessageType())) message(f.getMessageType(), child, at);
                } else if (zero) {
                    Boolean before = printsZero.put(FieldRules.key(f), json.has(name));
                    if (before != null && before != json.has(name)) problems.add(at + " prints its zero value in one place only");
                    if (json.has(name) != FieldRules.fallbackPrintsZero(f)) differs.put(FieldRules.key(f), json.has(name));
                } else if (!json.has(name)) {
                    problems.add(at + " is not in Go's JSON");
                }
            }
        }
    }
}
