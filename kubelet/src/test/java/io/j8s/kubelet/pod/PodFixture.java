package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.j8s.kubelet.FakeRuntime;
import io.j8s.kubelet.FakeTimers;
import io.j8s.kubelet.RecordingEvents;
import io.j8s.kubelet.prober.ProbeResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Pod workers on a fake runtime and fake time, with every effect recorded; syncs run on the caller's thread. */
final class PodFixture {

    final FakeTimers timers = new FakeTimers();
    final FakeRuntime runtime = new FakeRuntime(timers.clock());
    final RecordingEvents events = new RecordingEvents();
    final Map<String, ConfigMap> configMaps = new HashMap<>();
    final Map<String, ProbeResults.Result> liveness = new HashMap<>();
    final Map<String, ProbeResults.Result> readiness = new HashMap<>();
    final List<String> hooks = new CopyOnWriteArrayList<>();
    /** Status writes, in order, by pod name. */
    final List<PodStatus> statuses = new CopyOnWriteArrayList<>();
    final List<String> confirmed = new CopyOnWriteArrayList<>();
    final PodWorkers workers;

    final ProbeResults probes = new ProbeResults() {
        @Override
        public Result liveness(String id) {
            return liveness.getOrDefault(id, Result.SUCCESS);
        }

        @Override
        public Result readiness(String id) {
            return readiness.getOrDefault(id, Result.FAILURE);
        }

        @Override
        public Result startup(String id) {
            return Result.SUCCESS;
        }
    };

    final PodObjects objects = new PodObjects() {
        @Override
        public Optional<ConfigMap> configMap(String ns, String name) {
            return Optional.ofNullable(configMaps.get(ns + "/" + name));
        }

        @Override
        public Optional<Secret> secret(String ns, String name) {
            return Optional.empty();
        }

        @Override
        public List<Service> services(String ns) {
            return List.of();
        }

        @Override
        public Map<String, String> nodeAllocatable() {
            return Map.of("cpu", "2", "memory", "4Gi");
        }
    };

    PodFixture() {
        var sandboxes = new SandboxConfigs(Path.of("/tmp/j8s-test-logs"), List.of(), "cluster.local");
        var configs = new DefaultContainerConfigs(objects, "10.250.0.11");
        LifecycleHooks hookRunner = (pod, c, id, ip, handler, timeout) -> {
            hooks.add(c.getName() + " " + (handler.getExec() != null ? String.join(" ", handler.getExec().getCommand()) : "?"));
            return Optional.empty();
        };
        var sync = new PodSync(runtime, sandboxes, VolumeManager.NONE, configs, hookRunner, probes, Backoff.crashLoop(timers.clock()),
                Backoff.crashLoop(timers.clock()), events, timers.clock(), Duration.ofSeconds(1));
        var termination = new PodTermination(runtime, sync, VolumeManager.NONE);
        PodStatusWriter writer = new PodStatusWriter() {
            @Override
            public void write(Pod pod, PodStatus status) {
                statuses.add(status);
            }

            @Override
            public void confirmDeletion(Pod pod) {
                confirmed.add(pod.getMetadata().getName());
            }

            @Override
            public void forget(String uid) {}
        };
        workers = new PodWorkers(runtime, sync, termination, new PodStatuses("fake", probes), writer, PodProbes.NONE, timers,
                Runnable::run, "10.250.0.11", Duration.ofSeconds(1));
    }

    PodStatus last() {
        return statuses.getLast();
    }

    static PodBuilder pod(String name, String restartPolicy, String... containers) {
        List<io.fabric8.kubernetes.api.model.Container> cs = new ArrayList<>();
        for (String c : containers) {
            cs.add(new ContainerBuilder().withName(c).withImage("busybox").withImagePullPolicy("IfNotPresent")
                    .withCommand("busybox", "sleep", "3600").build());
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
                .withNewSpec().withNodeName("node-1").withRestartPolicy(restartPolicy).withContainers(cs)
                .withTerminationGracePeriodSeconds(30L).endSpec();
    }
}
