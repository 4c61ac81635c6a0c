package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.j8s.api.Quantity;
import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ImageSpec;
import io.j8s.runtime.LinuxResources;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code generateContainerConfig}: env, then command and args with {@code $(VAR)}
 * expanded from it, volume mounts, cpu and memory limits, and the labels and annotations by which
 * the kubelet knows the container again.
 */
public final class DefaultContainerConfigs implements ContainerConfigs {

    /** Upstream's CFS period: 100 ms. */
    static final long CPU_PERIOD_US = 100_000;

    private final PodObjects objects;
    private final String hostIp;

    public DefaultContainerConfigs(PodObjects objects, String hostIp) {
        this.objects = objects;
        this.hostIp = hostIp;
    }

    @Override
    public ContainerConfig make(Pod pod, Container c, boolean init, int attempt, String podIp, Map<String, Path> volumes)
            throws ConfigException {
        Map<String, String> env = EnvVars.of(pod, c, podIp, hostIp, objects);
        List<ContainerConfig.KeyValue> envs = new ArrayList<>();
        env.forEach((k, v) -> envs.add(new ContainerConfig.KeyValue(k, v)));
        List<String> command = c.getCommand().stream().map(s -> EnvVars.expand(s, env)).toList();
        List<String> args = c.getArgs().stream().map(s -> EnvVars.expand(s, env)).toList();
        if (command.isEmpty()) {
            // No image to take an entrypoint from: the args are the command (busybox-style specs).
            command = args;
            args = List.of();
        }
        if (command.isEmpty()) throw new ConfigException("container " + c.getName() + " has no command: j8s runs no image entrypoints");
        List<ContainerConfig.Mount> mounts = new ArrayList<>();
        for (VolumeMount vm : c.getVolumeMounts()) {
            Path host = volumes.get(vm.getName());
            if (host == null) throw new ConfigException("cannot find volume \"" + vm.getName() + "\" to mount into container \"" + c.getName() + "\"");
            String sub = vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty() ? EnvVars.expand(vm.getSubPathExpr(), env)
                    : vm.getSubPath();
            if (sub != null && !sub.isEmpty()) {
                if (sub.startsWith("/") || Path.of(sub).normalize().startsWith("..")) throw new ConfigException("invalid subPath \"" + sub + "\"");
                host = host.resolve(sub);
            }
            mounts.add(ContainerConfig.Mount.of(host, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
        }
        Map<String, String> annotations = new HashMap<>();
        annotations.put(Labels.CONTAINER_HASH, ContainerHash.of(c));
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        annotations.put(Labels.GRACE_PERIOD, String.valueOf(grace == null ? 30 : grace));
        if (init) annotations.put(Labels.CONTAINER_TYPE, "init");
        return new ContainerConfig(new ContainerConfig.Metadata(c.getName(), attempt), ImageSpec.of(c.getImage()), command, args,
                c.getWorkingDir(), envs, mounts, Labels.container(pod, c.getName()), annotations,
                c.getName() + "/" + attempt + ".log", Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()),
                Boolean.TRUE.equals(c.getTty()), resources(c));
    }

    /** Limits as the CFS quota and the memory limit; the cpu request as shares (upstream's {@code MilliCPUToShares}). */
    static LinuxResources resources(Container c) {
        if (c.getResources() == null) return LinuxResources.NONE;
        var limits = c.getResources().getLimits();
        var requests = c.getResources().getRequests();
        long quota = 0;
        long period = 0;
        long memory = 0;
        long shares = 0;
        if (limits != null && limits.get("cpu") != null) {
            long milli = Quantity.parse(limits.get("cpu").toString()).value().multiply(BigDecimal.valueOf(1000)).longValue();
            quota = Math.max(1000, milli * CPU_PERIOD_US / 1000);
            period = CPU_PERIOD_US;
        }
        if (limits != null && limits.get("memory") != null) {
            memory = Quantity.parse(limits.get("memory").toString()).value().longValue();
        }
        if (requests != null && requests.get("cpu") != null) {
            long milli = Quantity.parse(requests.get("cpu").toString()).value().multiply(BigDecimal.valueOf(1000)).longValue();
            shares = Math.max(2, milli * 1024 / 1000);
        }
        return new LinuxResources(period, quota, shares, memory);
    }
}
