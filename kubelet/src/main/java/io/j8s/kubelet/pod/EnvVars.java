package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.j8s.api.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's environment as upstream's {@code makeEnvironmentVariables} builds it: envFrom
 * (ConfigMaps and Secrets, with prefix), then env (values with {@code $(VAR)} expansion, valueFrom
 * fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef), then the service env vars of the
 * pod's namespace ({@code WEB_SERVICE_SERVICE_HOST}, …) for names not already set.
 */
public final class EnvVars {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final String MASTER_NAMESPACE = "default";

    private EnvVars() {}

    public static Map<String, String> of(Pod pod, Container container, String podIp, String hostIp, PodObjects objects)
            throws ContainerConfigs.ConfigException {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                var ref = from.getConfigMapRef();
                Optional<ConfigMap> cm = objects.configMap(ns, ref.getName());
                if (cm.isEmpty()) {
                    if (Boolean.TRUE.equals(ref.getOptional())) continue;
                    throw new ContainerConfigs.ConfigException("configmap \"" + ref.getName() + "\" not found");
                }
                cm.get().getData().forEach((k, v) -> putValid(env, prefix + k, v));
            }
            if (from.getSecretRef() != null) {
                var ref = from.getSecretRef();
                Optional<Secret> s = objects.secret(ns, ref.getName());
                if (s.isEmpty()) {
                    if (Boolean.TRUE.equals(ref.getOptional())) continue;
                    throw new ContainerConfigs.ConfigException("secret \"" + ref.getName() + "\" not found");
                }
                secretData(s.get()).forEach((k, v) -> putValid(env, prefix + k, v));
            }
        }
        Map<String, String> services = serviceEnv(pod, objects);
        for (EnvVar e : container.getEnv()) {
            String value;
            if (e.getValueFrom() != null) {
                value = valueFrom(pod, container, e.getValueFrom(), podIp, hostIp, objects);
                if (value == null) continue;
            } else {
                Map<String, String> defined = new LinkedHashMap<>(services);
                defined.putAll(env);
                value = expand(e.getValue() == null ? "" : e.getValue(), defined);
            }
            env.put(e.getName(), value);
        }
        services.forEach(env::putIfAbsent);
        return env;
    }

    private static void putValid(Map<String, String> env, String key, String value) {
        // Upstream skips invalid names and records InvalidEnvironmentVariableNames.
        if (ENV_NAME.matcher(key).matches()) env.put(key, value);
    }

    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) out.putAll(s.getStringData());
        return out;
    }

    /** The value of a valueFrom, or null when an optional reference is missing. */
    private static String valueFrom(Pod pod, Container container, EnvVarSource src, String podIp, String hostIp,
            PodObjects objects) throws ContainerConfigs.ConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (src.getFieldRef() != null) return fieldRef(pod, src.getFieldRef(), podIp, hostIp);
        if (src.getResourceFieldRef() != null) return resourceFieldRef(pod, container, src.getResourceFieldRef(), objects);
        if (src.getConfigMapKeyRef() != null) {
            var ref = src.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> cm = objects.configMap(ns, ref.getName());
            if (cm.isEmpty()) {
                if (optional) return null;
                throw new ContainerConfigs.ConfigException("configmap \"" + ref.getName() + "\" not found");
            }
            String v = cm.get().getData() == null ? null : cm.get().getData().get(ref.getKey());
            if (v == null) {
                if (optional) return null;
                throw new ContainerConfigs.ConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return v;
        }
        if (src.getSecretKeyRef() != null) {
            var ref = src.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> s = objects.secret(ns, ref.getName());
            if (s.isEmpty()) {
                if (optional) return null;
                throw new ContainerConfigs.ConfigException("secret \"" + ref.getName() + "\" not found");
            }
            String v = secretData(s.get()).get(ref.getKey());
            if (v == null) {
                if (optional) return null;
                throw new ContainerConfigs.ConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return v;
        }
        return "";
    }

    /** Upstream's {@code podFieldSelectorRuntimeValue} and {@code ExtractFieldPathAsString}. */
    public static String fieldRef(Pod pod, ObjectFieldSelector ref, String podIp, String hostIp)
            throws ContainerConfigs.ConfigException {
        String path = ref.getFieldPath();
        var m = pod.getMetadata();
        switch (path) {
            case "metadata.name" -> { return m.getName(); }
            case "metadata.namespace" -> { return m.getNamespace(); }
            case "metadata.uid" -> { return m.getUid(); }
            case "spec.nodeName" -> { return pod.getSpec().getNodeName(); }
            case "spec.serviceAccountName" -> { return pod.getSpec().getServiceAccountName(); }
            case "status.hostIP", "status.hostIPs" -> { return hostIp; }
            case "status.podIP", "status.podIPs" -> { return podIp == null ? "" : podIp; }
            case "metadata.labels" -> { return formatMap(m.getLabels()); }
            case "metadata.annotations" -> { return formatMap(m.getAnnotations()); }
            default -> { }
        }
        var indexed = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (indexed.matches()) {
            Map<String, String> map = indexed.group(1).equals("labels") ? m.getLabels() : m.getAnnotations();
            String v = map == null ? null : map.get(indexed.group(2));
            return v == null ? "" : v;
        }
        throw new ContainerConfigs.ConfigException("unsupported fieldPath: " + path);
    }

    /** {@code key="value"} lines, sorted, as upstream's {@code FormatMap}. */
    static String formatMap(Map<String, String> map) {
        if (map == null) return "";
        List<String> lines = new ArrayList<>();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add(e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\""));
        return String.join("\n", lines);
    }

    /** Upstream's {@code ExtractContainerResourceValue}: cpu rounded up to whole divisors, limits default to allocatable. */
    public static String resourceFieldRef(Pod pod, Container self, ResourceFieldSelector ref, PodObjects objects)
            throws ContainerConfigs.ConfigException {
        Container c = self;
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
            c = ContainerLifecycle.specOf(pod, ref.getContainerName());
            if (c == null) throw new ContainerConfigs.ConfigException("container " + ref.getContainerName() + " not found");
        }
        String resource = ref.getResource();
        String[] parts = resource.split("\\.", 2);
        if (parts.length != 2) throw new ContainerConfigs.ConfigException("unsupported container resource : " + resource);
        Map<String, io.fabric8.kubernetes.api.model.Quantity> set = c.getResources() == null ? null
                : parts[0].equals("limits") ? c.getResources().getLimits() : c.getResources().getRequests();
        String raw = set == null || set.get(parts[1]) == null ? null : set.get(parts[1]).toString();
        if (raw == null && parts[0].equals("limits")) raw = objects.nodeAllocatable().get(parts[1]);
        if (raw == null) raw = "0";
        BigDecimal value = Quantity.parse(raw).value();
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : Quantity.parse(ref.getDivisor().toString()).value();
        if (divisor.signum() == 0) divisor = BigDecimal.ONE;
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Upstream's {@code getServiceEnvVarMap}: the namespace's services, and the master service in default. */
    static Map<String, String> serviceEnv(Pod pod, PodObjects objects) {
        String ns = pod.getMetadata().getNamespace();
        boolean links = pod.getSpec().getEnableServiceLinks() == null || pod.getSpec().getEnableServiceLinks();
        Map<String, Service> chosen = new LinkedHashMap<>();
        for (Service s : objects.services(MASTER_NAMESPACE)) {
            if (s.getMetadata().getName().equals("kubernetes")) chosen.put("kubernetes", s);
        }
        if (links) {
            for (Service s : objects.services(ns)) chosen.put(s.getMetadata().getName(), s);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Service s : chosen.values()) {
            String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
            if (ip == null || ip.isEmpty() || ip.equals("None")) continue;
            String name = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
            List<ServicePort> ports = s.getSpec().getPorts();
            env.put(name + "_SERVICE_HOST", ip);
            if (ports.isEmpty()) continue;
            env.put(name + "_SERVICE_PORT", String.valueOf(ports.getFirst().getPort()));
            for (ServicePort p : ports) {
                if (p.getName() != null && !p.getName().isEmpty()) {
                    env.put(name + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'), String.valueOf(p.getPort()));
                }
            }
            ServicePort first = ports.getFirst();
            String proto = (first.getProtocol() == null ? "TCP" : first.getProtocol()).toLowerCase(Locale.ROOT);
            env.put(name + "_PORT", proto + "://" + ip + ":" + first.getPort());
            for (ServicePort p : ports) {
                String pr = p.getProtocol() == null ? "TCP" : p.getProtocol();
                String prefix = name + "_PORT_" + p.getPort() + "_" + pr.toUpperCase(Locale.ROOT);
                env.put(prefix, pr.toLowerCase(Locale.ROOT) + "://" + ip + ":" + p.getPort());
                env.put(prefix + "_PROTO", pr.toLowerCase(Locale.ROOT));
                env.put(prefix + "_PORT", String.valueOf(p.getPort()));
                env.put(prefix + "_ADDR", ip);
            }
        }
        return env;
    }

    /** Upstream's {@code expansion.Expand}: {@code $(VAR)} from {@code defined}, {@code $$} escapes, unknown left as written. */
    public static String expand(String input, Map<String, String> defined) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < input.length()) {
            char ch = input.charAt(i);
            if (ch == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                if (next == '(') {
                    int close = input.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = input.substring(i + 2, close);
                        String v = defined.get(name);
                        out.append(v != null ? v : input, v != null ? 0 : i, v != null ? v.length() : close + 1);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(ch);
            i++;
        }
        return out.toString();
    }
}
