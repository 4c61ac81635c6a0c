package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream's pod helpers ({@code podutil}, {@code controller_utils.go}). */
public final class Pods {

    private Pods() {}

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static boolean isTerminated(Pod pod) {
        String p = phase(pod);
        return p.equals("Succeeded") || p.equals("Failed");
    }

    /** Upstream's {@code IsPodActive}: not finished and not being deleted. */
    public static boolean isActive(Pod pod) {
        return !isTerminated(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static boolean isDeleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    public static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return null;
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (type.equals(c.getType())) return c;
        }
        return null;
    }

    public static boolean isReady(Pod pod) {
        PodCondition c = condition(pod, "Ready");
        return c != null && "True".equals(c.getStatus());
    }

    /** When the pod last became ready, or null. */
    public static Instant readyTime(Pod pod) {
        PodCondition c = condition(pod, "Ready");
        if (c == null || !"True".equals(c.getStatus())) return null;
        return Times.parse(c.getLastTransitionTime());
    }

    /** Upstream's {@code IsPodAvailable}: ready for at least {@code minReadySeconds}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) return false;
        if (minReadySeconds == 0) return true;
        Instant ready = readyTime(pod);
        return ready != null && !ready.plus(Duration.ofSeconds(minReadySeconds)).isAfter(now);
    }

    public static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static int phaseOrdinal(Pod pod) {
        return switch (phase(pod)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    private static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return 0;
        int max = 0;
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            max = Math.max(max, Objects.requireNonNullElse(s.getRestartCount(), 0));
        }
        return max;
    }

    private static int deletionCost(Pod pod) {
        var a = pod.getMetadata().getAnnotations();
        if (a == null || !a.containsKey("controller.kubernetes.io/pod-deletion-cost")) return 0;
        try {
            return Integer.parseInt(a.get("controller.kubernetes.io/pod-deletion-cost"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A pod with its rank: how many related pods share its node (doubled-up pods go first). */
    public record Ranked(Pod pod, int rank) {}

    /**
     * Upstream's {@code ActivePodsWithRanks}: least valuable first. Unassigned before assigned;
     * Pending before Unknown before Running; not ready before ready; lower deletion cost first;
     * doubled up before alone; ready for less time first; more restarts first; newer first.
     * (Upstream's logarithmic bucketing of times is not applied: exact times are compared.)
     */
    public static final Comparator<Ranked> LEAST_VALUABLE_FIRST = (x, y) -> {
        Pod a = x.pod();
        Pod b = y.pod();
        boolean ua = nodeName(a).isEmpty();
        boolean ub = nodeName(b).isEmpty();
        if (ua != ub) return ua ? -1 : 1;
        if (phaseOrdinal(a) != phaseOrdinal(b)) return Integer.compare(phaseOrdinal(a), phaseOrdinal(b));
        if (isReady(a) != isReady(b)) return isReady(a) ? 1 : -1;
        if (deletionCost(a) != deletionCost(b)) return Integer.compare(deletionCost(a), deletionCost(b));
        if (x.rank() != y.rank()) return Integer.compare(y.rank(), x.rank());
        if (isReady(a) && isReady(b)) {
            int c = afterOrZeroFirst(readyTime(a), readyTime(b));
            if (c != 0) return c;
        }
        if (maxRestarts(a) != maxRestarts(b)) return Integer.compare(maxRestarts(b), maxRestarts(a));
        return afterOrZeroFirst(Times.parse(a.getMetadata().getCreationTimestamp()), Times.parse(b.getMetadata().getCreationTimestamp()));
    };

    /** Upstream's {@code afterOrZero}: an empty time first, then the later one. */
    private static int afterOrZeroFirst(Instant a, Instant b) {
        if (Objects.equals(a, b)) return 0;
        if (a == null) return -1;
        if (b == null) return 1;
        return b.compareTo(a);
    }

    /** The {@code n} least valuable of {@code pods}, ranked by how many of {@code related} share their node. */
    public static List<Pod> leastValuable(List<Pod> pods, List<Pod> related, int n) {
        if (n >= pods.size()) return List.copyOf(pods);
        Map<String, Long> perNode = new java.util.HashMap<>();
        for (Pod p : related) {
            if (isActive(p) && !nodeName(p).isEmpty()) perNode.merge(nodeName(p), 1L, Long::sum);
        }
        return pods.stream().map(p -> new Ranked(p, nodeName(p).isEmpty() ? 0 : perNode.getOrDefault(nodeName(p), 0L).intValue()))
                .sorted(LEAST_VALUABLE_FIRST).limit(n).map(Ranked::pod).toList();
    }
}
