package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.ResourceRest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pods/exec} and {@code pods/attach} up to the upgrade: upstream's ExecREST/AttachREST and
 * {@code streamLocation}. Reads the PodExecOptions or PodAttachOptions from the query, checks
 * them and the pod, and names the kubelet's endpoint the API server streams to. The streaming
 * itself is {@code io.j8s.apiserver.remotecommand}; a request that does not ask for an upgrade
 * is refused here, after the same checks, as upstream's proxy refuses it.
 */
public final class PodStreams {

    /** The two subresources, by their path segment, which is also the kubelet's. */
    public enum Kind {
        EXEC("exec", "cannot exec into a container in a completed pod; current phase is "),
        ATTACH("attach", "cannot attach a container in a completed pod; current phase is ");

        private final String path;
        private final String completed;

        Kind(String path, String completed) {
            this.path = path;
            this.completed = completed;
        }

        public String path() {
            return path;
        }

        public static Kind of(String subresource) {
            for (Kind k : values()) {
                if (k.path.equals(subresource)) return k;
            }
            return null;
        }
    }

    /**
     * PodExecOptions / PodAttachOptions, in the API's query names ({@code stdin}, {@code stdout},
     * {@code stderr}, {@code tty}, {@code container}, {@code command} repeated).
     */
    public record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty, String container, List<String> command) {

        public Options {
            command = List.copyOf(command);
        }

        static Options of(Exchange ex) {
            return new Options(flag(ex, "stdin"), flag(ex, "stdout"), flag(ex, "stderr"), flag(ex, "tty"),
                    ex.query("container", ""), ex.queryAll("command"));
        }

        /** As the query conversion of a Go bool: present and neither "0" nor "false". */
        private static boolean flag(Exchange ex, String name) {
            String v = ex.query(name);
            return v != null && !v.equals("0") && !v.toLowerCase(Locale.ROOT).equals("false");
        }

        void validate(Kind kind) {
            if (kind == Kind.EXEC && command.isEmpty()) {
                throw StatusException.badRequest("you must specify at least one command for the container");
            }
            if (!stdin && !stdout && !stderr) {
                throw StatusException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
            }
            if (tty && stderr) {
                // A terminal merges stderr into stdout; the runtime refuses both, and so does j8s, early.
                throw StatusException.badRequest("tty and stderr cannot both be true");
            }
        }

        /**
         * The kubelet's query, as upstream's {@code streamParams} builds it: its own names
         * ({@code input}, {@code output}, {@code error}, {@code tty}) set to 1 when true and absent
         * otherwise, and each command word, sorted by key as Go's {@code url.Values.Encode}.
         */
        public String kubeletQuery() {
            List<String> q = new ArrayList<>();
            for (String c : command) q.add("command=" + URLEncoder.encode(c, StandardCharsets.UTF_8));
            if (stderr) q.add("error=1");
            if (stdin) q.add("input=1");
            if (stdout) q.add("output=1");
            if (tty) q.add("tty=1");
            return String.join("&", q);
        }
    }

    /** Where a checked request streams to: the kubelet's WebSocket URL, for what options. */
    public record Target(Kind kind, String namespace, String pod, String container, Options options, URI kubelet) {}

    private final ResourceRest rest;
    private final ResourceType pods;
    private final ResourceType nodes;

    public PodStreams(ResourceRest rest, ResourceRegistry registry) {
        this.rest = rest;
        this.pods = registry.byPath("", "v1", "pods").orElseThrow();
        this.nodes = registry.byPath("", "v1", "nodes").orElseThrow();
    }

    /**
     * Checks the request as upstream does before it proxies: the options, then the pod (404),
     * its phase, the container (the named one, or the only one), and its node.
     *
     * @throws StatusException with upstream's code and message for the first thing wrong
     */
    public Target locate(Exchange ex, Kind kind, String ns, String name) {
        if (!ex.method().equals("GET") && !ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        Options opts = Options.of(ex);
        opts.validate(kind);
        ObjectNode pod = rest.get(pods, ns, name);
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) throw StatusException.badRequest(kind.completed + phase);
        String container = PodLogs.container(pod, name, opts.container());
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) throw StatusException.badRequest("pod " + name + " does not have a host assigned");
        String host = PodLogs.kubeletHost(rest.get(nodes, null, nodeName));
        String query = opts.kubeletQuery();
        URI uri = URI.create("wss://" + host + "/" + kind.path + "/" + ns + "/" + name + "/" + container
                + (query.isEmpty() ? "" : "?" + query));
        return new Target(kind, ns, name, container, opts, uri);
    }

    /** A request without {@code Upgrade}: checked as any, then refused as upstream's proxy does. */
    void refuseWithoutUpgrade(Exchange ex, Kind kind, String ns, String name) {
        locate(ex, kind, ns, name);
        throw StatusException.badRequest("Upgrade request required");
    }
}
