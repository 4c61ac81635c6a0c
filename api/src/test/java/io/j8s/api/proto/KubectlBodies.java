package io.j8s.api.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The kubectl commands whose request bodies the tests keep, and where they keep them: one
 * directory per kubectl version under {@code src/test/resources/io/j8s/api/proto/kubectl/},
 * holding {@code <case>.pb} (a protobuf body) or {@code <case>.body.json} (a JSON body),
 * {@code <case>.want.json} (what {@code --dry-run=client -o json} printed for the same command)
 * and {@code writes.txt} (method, path and content type of every write, by case).
 */
final class KubectlBodies {

    /**
     * One command; {@code dryRun} says whether {@code --dry-run=client -o json} shows its object;
     * {@code refusedFrom} is the first kubectl version whose body is a kind with no descriptor
     * here (refused as an unknown format), or empty.
     */
    record Command(String name, List<String> args, boolean dryRun, String refusedFrom) {
        Command(String name, List<String> args, boolean dryRun) {
            this(name, args, dryRun, "");
        }

        boolean refusedIn(String version) {
            return !refusedFrom.isEmpty() && Kubectl.VERSIONS.indexOf(version) >= Kubectl.VERSIONS.indexOf(refusedFrom);
        }
    }

    static final List<Command> COMMANDS = List.of(
            create("create-configmap", "create", "configmap", "c", "--from-literal=a=b"),
            create("create-secret-generic", "create", "secret", "generic", "s", "--from-literal=p=x"),
            create("create-secret-docker-registry", "create", "secret", "docker-registry", "reg", "--docker-username=u",
                    "--docker-password=p", "--docker-server=r.example"),
            create("create-namespace", "create", "namespace", "n"),
            create("create-deployment", "create", "deployment", "d", "--image=busybox", "--replicas=2", "--port=8080", "--",
                    "busybox", "sleep", "1"),
            create("create-deployment-zero-replicas", "create", "deployment", "z", "--image=busybox", "--replicas=0"),
            create("create-job", "create", "job", "j", "--image=busybox", "--", "busybox", "echo", "done"),
            create("create-job-from-cronjob", "create", "job", "j2", "--from=cronjob/c"),
            create("create-cronjob", "create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"),
            create("create-service-clusterip", "create", "service", "clusterip", "svc", "--tcp=80:8080"),
            create("create-service-nodeport", "create", "service", "nodeport", "np", "--tcp=80:http", "--node-port=30080"),
            create("create-service-externalname", "create", "service", "externalname", "ext", "--external-name=example.com"),
            create("create-serviceaccount", "create", "serviceaccount", "sa"),
            create("create-role", "create", "role", "r", "--verb=get", "--verb=list", "--resource=pods", "--resource-name=p1"),
            create("create-rolebinding", "create", "rolebinding", "rb", "--role=r", "--user=u", "--serviceaccount=default:sa"),
            create("create-clusterrole", "create", "clusterrole", "cr", "--verb=get", "--non-resource-url=/healthz"),
            create("create-clusterrolebinding", "create", "clusterrolebinding", "crb", "--clusterrole=cr", "--group=g"),
            create("create-priorityclass", "create", "priorityclass", "pc", "--value=10", "--description=d",
                    "--preemption-policy=Never"),
            create("create-quota", "create", "quota", "q", "--hard=pods=2,requests.cpu=500m,limits.memory=1Gi",
                    "--scopes=NotTerminating"),
            create("create-poddisruptionbudget", "create", "poddisruptionbudget", "p", "--selector=a=b", "--min-available=1"),
            create("create-poddisruptionbudget-percent", "create", "poddisruptionbudget", "pp", "--selector=a=b",
                    "--max-unavailable=50%"),
            create("create-ingress", "create", "ingress", "ing", "--rule=foo.example/bar*=svc:8080,tls=secret",
                    "--class=nginx", "--annotation=a=b"),
            // 1.33 writes autoscaling/v2, which client-java-proto 24 has no descriptor for
            new Command("autoscale", List.of("autoscale", "deployment", "d", "--max=3", "--cpu-percent=80"), true, "1.33"),
            new Command("run", List.of("run", "p", "--image=busybox", "--labels=a=b", "--env=X=1", "--", "sleep", "1"), true),
            new Command("expose", List.of("expose", "deployment", "d", "--port=80", "--target-port=8080"), true),
            new Command("delete", List.of("delete", "configmap", "c", "--wait=false"), false),
            new Command("delete-grace-period", List.of("delete", "configmap", "c", "--grace-period=5", "--wait=false"), false));

    private KubectlBodies() {}

    private static Command create(String name, String... args) {
        List<String> a = new java.util.ArrayList<>(List.of(args));
        int dashes = a.indexOf("--");
        a.add(dashes < 0 ? a.size() : dashes, "--validate=false");
        return new Command(name, List.copyOf(a), true);
    }

    static Path directory(String version) {
        return Path.of("src/test/resources/io/j8s/api/proto/kubectl", version);
    }

    static String resource(String version, String file) {
        return "kubectl/" + version + "/" + file;
    }

    /**
     * {@code want} without what kubectl's client-side printing adds: Go prints a zero
     * {@code metav1.Time} as {@code null} ({@code creationTimestamp: null}, in metadata and pod
     * templates), where the decoder leaves the field out. Nothing else is ignored.
     */
    static JsonNode withoutNullTimes(JsonNode want) {
        JsonNode copy = want.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("creationTimestamp") && e.getValue().isNull()) it.remove();
                else strip(e.getValue());
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(KubectlBodies::strip);
        }
    }
}
