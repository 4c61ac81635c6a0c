package io.j8s.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code --config}: a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) in YAML
 * or JSON. Fields j8s does not act on but upstream accepts are ignored; anything else is refused
 * by name, as upstream's strict decoding does, so a typo is never silently a default.
 */
public final class ConfigLoader {

    public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
    public static final String KIND = "KubeSchedulerConfiguration";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "parallelism", "percentageOfNodesToScore",
            "podInitialBackoffSeconds", "podMaxBackoffSeconds", "leaderElection", "profiles", "clientConnection",
            "healthzBindAddress", "metricsBindAddress", "enableProfiling", "enableContentionProfiling", "extenders",
            "delayCacheUntilActive", "debuggingConfiguration");
    private static final Set<String> PROFILE = Set.of("schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig");

    private ConfigLoader() {}

    public static SchedulerConfiguration load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static SchedulerConfiguration parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the scheduler configuration is not YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the scheduler configuration must be an object");
        String apiVersion = root.path("apiVersion").asText("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + API_VERSION + ", not \"" + apiVersion + "\"");
        }
        if (!KIND.equals(root.path("kind").asText(""))) throw new IllegalArgumentException("kind must be " + KIND);
        unknown(root, TOP, "");
        if (root.path("extenders").size() > 0) throw new IllegalArgumentException("extenders: not supported by j8s");
        SchedulerConfiguration d = SchedulerConfiguration.defaults();
        int parallelism = root.path("parallelism").asInt(d.parallelism());
        int percentage = root.path("percentageOfNodesToScore").asInt(d.percentageOfNodesToScore());
        Duration initial = root.has("podInitialBackoffSeconds") ? Duration.ofSeconds(root.get("podInitialBackoffSeconds").asLong()) : d.podInitialBackoff();
        Duration max = root.has("podMaxBackoffSeconds") ? Duration.ofSeconds(root.get("podMaxBackoffSeconds").asLong()) : d.podMaxBackoff();
        LeaderElection le = leaderElection(root.path("leaderElection"));
        List<Profile> profiles = new ArrayList<>();
        if (root.path("profiles").isArray() && root.path("profiles").size() > 0) {
            int i = 0;
            for (JsonNode p : root.get("profiles")) profiles.add(profile(p, "profiles[" + i++ + "]"));
        } else {
            profiles.add(Profile.defaults("default-scheduler"));
        }
        return new SchedulerConfiguration(parallelism, percentage, initial, max, d.podMaxInUnschedulablePodsDuration(), le, profiles);
    }

    private static LeaderElection leaderElection(JsonNode n) {
        LeaderElection d = LeaderElection.DEFAULTS;
        if (n.isMissingNode() || n.isNull()) return d;
        unknown(n, Set.of("leaderElect", "leaseDuration", "renewDeadline", "retryPeriod", "resourceLock", "resourceName",
                "resourceNamespace"), "leaderElection.");
        String lock = n.path("resourceLock").asText("leases");
        if (!lock.equals("leases")) throw new IllegalArgumentException("leaderElection.resourceLock: only \"leases\" is supported, not \"" + lock + "\"");
        return new LeaderElection(n.path("leaderElect").asBoolean(d.leaderElect()),
                n.has("leaseDuration") ? GoDurations.parse(n.get("leaseDuration").asText()) : d.leaseDuration(),
                n.has("renewDeadline") ? GoDurations.parse(n.get("renewDeadline").asText()) : d.renewDeadline(),
                n.has("retryPeriod") ? GoDurations.parse(n.get("retryPeriod").asText()) : d.retryPeriod(),
                n.path("resourceNamespace").asText(d.resourceNamespace()), n.path("resourceName").asText(d.resourceName()));
    }

    private static Profile profile(JsonNode p, String at) {
        unknown(p, PROFILE, at + ".");
        String name = p.path("schedulerName").asText("default-scheduler");
        Integer percentage = p.has("percentageOfNodesToScore") && !p.get("percentageOfNodesToScore").isNull()
                ? p.get("percentageOfNodesToScore").asInt() : null;
        Map<Plugins.ExtensionPoint, PluginSet> sets = new EnumMap<>(Plugins.ExtensionPoint.class);
        JsonNode plugins = p.path("plugins");
        if (plugins.isObject()) {
            Iterator<String> fields = plugins.fieldNames();
            while (fields.hasNext()) {
                String f = fields.next();
                Plugins.ExtensionPoint point = null;
                for (Plugins.ExtensionPoint e : Plugins.ExtensionPoint.values()) {
                    if (e.field.equals(f)) point = e;
                }
                if (point == null) throw new IllegalArgumentException(at + ".plugins: unknown extension point \"" + f + "\"");
                sets.put(point, pluginSet(plugins.get(f), at + ".plugins." + f));
            }
        }
        Map<String, JsonNode> args = new LinkedHashMap<>();
        for (JsonNode c : p.path("pluginConfig")) {
            String plugin = c.path("name").asText("");
            if (plugin.isEmpty()) throw new IllegalArgumentException(at + ".pluginConfig[].name is required");
            if (args.put(plugin, c.path("args")) != null) {
                throw new IllegalArgumentException(at + ".pluginConfig: duplicate args for plugin " + plugin);
            }
        }
        return new Profile(name, percentage, Plugins.merge(Plugins.defaults(), new Plugins(sets)), args);
    }

    private static PluginSet pluginSet(JsonNode n, String at) {
        unknown(n, Set.of("enabled", "disabled"), at + ".");
        List<PluginRef> enabled = new ArrayList<>();
        for (JsonNode e : n.path("enabled")) enabled.add(new PluginRef(e.path("name").asText(""), e.path("weight").asInt(0)));
        List<String> disabled = new ArrayList<>();
        for (JsonNode e : n.path("disabled")) disabled.add(e.path("name").asText(""));
        return new PluginSet(enabled, disabled);
    }

    private static void unknown(JsonNode n, Set<String> known, String at) {
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) throw new IllegalArgumentException("unknown field \"" + at + f + "\"");
        }
    }
}
