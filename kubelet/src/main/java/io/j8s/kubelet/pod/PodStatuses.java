package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.prober.ProbeResults;
import io.j8s.runtime.PodSandboxStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pod's status as upstream's kubelet writes it ({@code generateAPIPodStatus},
 * {@code convertToAPIContainerStatuses}, {@code getPhase}): phase, conditions, IPs, start time and
 * one status per container with its state, last state, restart count, readiness. A pure function
 * of the pod, what the runtime has, the last sync's findings and the probes.
 *
 * @param runtimeName the prefix of container ids ({@code process://…})
 */
public record PodStatuses(String runtimeName, ProbeResults probes) {

    public static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * @param terminal the pod finished on this node for good (it will not be started again): its
     *                 phase is Succeeded or Failed even if containers are still shown stopping
     */
    public PodStatus generate(Pod pod, RuntimePod current, SyncResult sync, String hostIp, boolean terminal, Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        boolean initPending = false;
        List<ContainerStatus> inits = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            ContainerStatus s = containerStatus(pod, c, current, sync, false);
            inits.add(s);
        }
        boolean initsDone = inits.stream().allMatch(s -> s.getState().getTerminated() != null
                && s.getState().getTerminated().getExitCode() == 0);
        initPending = !initsDone;
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(containerStatus(pod, c, current, sync, initPending));
        }
        String phase = phase(pod, inits, containers, sync.initFailed(), terminal);
        if (terminal && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            phase = containers.stream().allMatch(s -> s.getState().getTerminated() != null
                    && s.getState().getTerminated().getExitCode() == 0) && !containers.isEmpty() ? "Succeeded" : "Failed";
        }
        boolean done = phase.equals("Succeeded") || phase.equals("Failed");

        PodStatus status = new PodStatus();
        status.setPhase(phase);
        status.setQosClass(old.getQosClass());
        status.setHostIP(hostIp);
        status.setHostIPs(List.of(new HostIP(hostIp)));
        Optional<PodSandboxStatus> sandbox = current.readySandbox();
        String podIp = sandbox.map(PodSandboxStatus::ip).filter(ip -> !ip.isEmpty()).orElse(null);
        if (podIp == null && old.getPodIP() != null && !old.getPodIP().isEmpty()) podIp = old.getPodIP();
        if (podIp != null) {
            status.setPodIP(podIp);
            List<PodIP> ips = new ArrayList<>(List.of(new PodIP(podIp)));
            sandbox.ifPresent(sb -> sb.additionalIps().forEach(ip -> ips.add(new PodIP(ip))));
            status.setPodIPs(ips);
        }
        status.setStartTime(old.getStartTime() != null ? old.getStartTime() : time(now));
        status.setInitContainerStatuses(inits);
        status.setContainerStatuses(containers);

        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "PodReadyToStartContainers", sandbox.isPresent() ? "True" : "False", null, null, now));
        List<String> notInitialized = new ArrayList<>();
        for (ContainerStatus s : inits) {
            if (s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() != 0) notInitialized.add(s.getName());
        }
        conditions.add(notInitialized.isEmpty() || (done && notInitialized.isEmpty())
                ? condition(old, "Initialized", "True", null, null, now)
                : condition(old, "Initialized", "False", "ContainersNotInitialized",
                        "containers with incomplete status: " + goList(notInitialized), now));
        List<String> unready = containers.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
        PodCondition containersReady;
        PodCondition ready;
        if (done) {
            containersReady = condition(old, "ContainersReady", "False", "PodCompleted", null, now);
            ready = condition(old, "Ready", "False", "PodCompleted", null, now);
        } else if (unready.isEmpty()) {
            containersReady = condition(old, "ContainersReady", "True", null, null, now);
            ready = condition(old, "Ready", "True", null, null, now);
        } else {
            String msg = "containers with unready status: " + goList(unready);
            containersReady = condition(old, "ContainersReady", "False", "ContainersNotReady", msg, now);
            ready = condition(old, "Ready", "False", "ContainersNotReady", msg, now);
        }
        conditions.add(containersReady);
        conditions.add(ready);
        // What others own (PodScheduled from the scheduler, DisruptionTarget, readiness gates) is kept.
        for (PodCondition c : old.getConditions()) {
            if (List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready").contains(c.getType())) continue;
            conditions.add(c);
        }
        if (conditions.stream().noneMatch(c -> c.getType().equals("PodScheduled"))) {
            conditions.add(condition(old, "PodScheduled", "True", null, null, now));
        }
        status.setConditions(conditions);
        return status;
    }

    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** A condition, keeping its lastTransitionTime while its status does not change. */
    private static PodCondition condition(PodStatus old, String type, String status, String reason, String message, Instant now) {
        String since = time(now);
        for (PodCondition c : old.getConditions()) {
            if (c.getType().equals(type) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime();
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).build();
    }

    private ContainerStatus containerStatus(Pod pod, Container c, RuntimePod current, SyncResult sync, boolean initPending) {
        var b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(false)
                .withRestartCount(0).withStarted(false);
        Optional<io.j8s.runtime.ContainerStatus> latest = current.latest(c.getName());
        Optional<io.j8s.runtime.ContainerStatus> previous = current.previous(c.getName());
        SyncResult.Waiting waiting = sync.waiting().get(c.getName());
        if (latest.isEmpty()) {
            String reason = waiting != null ? waiting.reason() : initPending ? "PodInitializing" : "ContainerCreating";
            String message = waiting != null && !waiting.message().isEmpty() ? waiting.message() : null;
            b.withImageID("").withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                    .endWaiting().build());
            return b.build();
        }
        var s = latest.get();
        b.withContainerID(runtimeName + "://" + s.id()).withImageID(s.imageRef() == null ? "" : s.imageRef())
                .withRestartCount(s.metadata().attempt());
        if (s.running() && waiting == null) {
            b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(s.startedAt().orElse(s.createdAt())))
                    .endRunning().build());
            boolean started = c.getStartupProbe() == null || probes.startup(s.id()) == ProbeResults.Result.SUCCESS;
            boolean ready = started && (c.getReadinessProbe() == null || probes.readiness(s.id()) == ProbeResults.Result.SUCCESS);
            b.withStarted(started).withReady(ready);
            previous.filter(io.j8s.runtime.ContainerStatus::exited).ifPresent(p -> b.withLastState(terminated(p)));
        } else if (waiting != null && s.exited()) {
            // Exited and waiting to restart (CrashLoopBackOff): the exit is the last state.
            b.withState(new ContainerStateBuilder().withNewWaiting().withReason(waiting.reason())
                    .withMessage(waiting.message().isEmpty() ? null : waiting.message()).endWaiting().build());
            b.withLastState(terminated(s));
            b.withRestartCount(s.metadata().attempt());
        } else if (s.exited()) {
            b.withState(terminated(s));
            previous.filter(io.j8s.runtime.ContainerStatus::exited).ifPresent(p -> b.withLastState(terminated(p)));
        } else {
            String reason = waiting != null ? waiting.reason() : "ContainerCreating";
            b.withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build());
            previous.filter(io.j8s.runtime.ContainerStatus::exited).ifPresent(p -> b.withLastState(terminated(p)));
        }
        return b.build();
    }

    private ContainerState terminated(io.j8s.runtime.ContainerStatus s) {
        String reason = s.reason().isEmpty() ? (s.exitCode() == 0 ? "Completed" : "Error") : s.reason();
        return new ContainerStateBuilder().withNewTerminated().withExitCode(s.exitCode()).withReason(reason)
                .withMessage(s.message().isEmpty() ? null : s.message())
                .withStartedAt(s.startedAt().map(PodStatuses::time).orElse(null))
                .withFinishedAt(s.finishedAt().map(PodStatuses::time).orElse(null))
                .withContainerID(runtimeName + "://" + s.id()).endTerminated().build();
    }

    /** Upstream's {@code getPhase}. */
    static String phase(Pod pod, List<ContainerStatus> inits, List<ContainerStatus> containers, boolean initFailed, boolean terminal) {
        String policy = PodSync.restartPolicy(pod);
        int pendingInit = 0;
        int failedInit = 0;
        for (ContainerStatus s : inits) {
            ContainerState st = s.getState();
            if (st.getTerminated() != null) {
                if (st.getTerminated().getExitCode() != 0) failedInit++;
            } else if (st.getWaiting() != null && s.getLastState() != null && s.getLastState().getTerminated() != null
                    && s.getLastState().getTerminated().getExitCode() != 0) {
                failedInit++;
            } else {
                pendingInit++;
            }
        }
        if (initFailed || (failedInit > 0 && policy.equals("Never"))) return "Failed";
        if (pendingInit > 0 || failedInit > 0) return "Pending";
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerStatus s : containers) {
            ContainerState st = s.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() == 0) succeeded++;
            } else if (st.getWaiting() != null) {
                if (s.getLastState() != null && s.getLastState().getTerminated() != null) stopped++;
                else waiting++;
            }
        }
        if (waiting > 0) return "Pending";
        if (running > 0) return "Running";
        if (stopped > 0) {
            if (terminal) return stopped == succeeded ? "Succeeded" : "Failed";
            if (policy.equals("Always")) return "Running";
            if (stopped == succeeded) return "Succeeded";
            if (policy.equals("Never")) return "Failed";
            return "Running";
        }
        return "Pending";
    }
}
