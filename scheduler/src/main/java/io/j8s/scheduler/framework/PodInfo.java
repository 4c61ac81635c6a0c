package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler derives from it once: its resource requests (as the kubelet
 * will account them) and its parsed affinity terms. Immutable; a changed pod gets a new one.
 */
public final class PodInfo {

    /** What scoring assumes a container without a cpu request uses: upstream's DefaultMilliCPURequest. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** What scoring assumes a container without a memory request uses: upstream's DefaultMemoryRequest (200 MiB). */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final Pod pod;
    private final Resource requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<AffinityTerm> requiredAffinityTerms;
    private final List<AffinityTerm> requiredAntiAffinityTerms;
    private final List<AffinityTerm.Weighted> preferredAffinityTerms;
    private final List<AffinityTerm.Weighted> preferredAntiAffinityTerms;

    private PodInfo(Pod pod) {
        this.pod = pod;
        this.requests = requests(pod, false);
        Resource nonZero = requests(pod, true);
        this.nonZeroMilliCpu = nonZero.milliCpu();
        this.nonZeroMemory = nonZero.memory();
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        List<PodAffinityTerm> reqAff = a == null || a.getPodAffinity() == null ? null
                : a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<PodAffinityTerm> reqAnti = a == null || a.getPodAntiAffinity() == null ? null
                : a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<WeightedPodAffinityTerm> prefAff = a == null || a.getPodAffinity() == null ? null
                : a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        List<WeightedPodAffinityTerm> prefAnti = a == null || a.getPodAntiAffinity() == null ? null
                : a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        this.requiredAffinityTerms = terms(pod, reqAff);
        this.requiredAntiAffinityTerms = terms(pod, reqAnti);
        this.preferredAffinityTerms = weighted(pod, prefAff);
        this.preferredAntiAffinityTerms = weighted(pod, prefAnti);
    }

    private PodInfo(PodInfo from, Pod pod) {
        this.pod = pod;
        this.requests = from.requests;
        this.nonZeroMilliCpu = from.nonZeroMilliCpu;
        this.nonZeroMemory = from.nonZeroMemory;
        this.requiredAffinityTerms = from.requiredAffinityTerms;
        this.requiredAntiAffinityTerms = from.requiredAntiAffinityTerms;
        this.preferredAffinityTerms = from.preferredAffinityTerms;
        this.preferredAntiAffinityTerms = from.preferredAntiAffinityTerms;
    }

    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    /**
     * The same derivations for a copy of the pod that differs only where they do not look (the
     * assumed pod, its spec.nodeName set), without deriving them again.
     */
    public PodInfo withPod(Pod samePodOtherwise) {
        return new PodInfo(this, samePodOtherwise);
    }

    public Pod pod() {
        return pod;
    }

    /** What the pod requests, init containers and overhead counted as upstream's PodRequests does. Do not change it. */
    public Resource requests() {
        return requests;
    }

    /** The cpu request with upstream's 100m for each container that names none: what scoring uses. */
    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    /** The memory request with upstream's 200 MiB for each container that names none. */
    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<AffinityTerm> requiredAffinityTerms() {
        return requiredAffinityTerms;
    }

    public List<AffinityTerm> requiredAntiAffinityTerms() {
        return requiredAntiAffinityTerms;
    }

    public List<AffinityTerm.Weighted> preferredAffinityTerms() {
        return preferredAffinityTerms;
    }

    public List<AffinityTerm.Weighted> preferredAntiAffinityTerms() {
        return preferredAntiAffinityTerms;
    }

    public boolean hasAffinity() {
        return !requiredAffinityTerms.isEmpty() || !requiredAntiAffinityTerms.isEmpty()
                || !preferredAffinityTerms.isEmpty() || !preferredAntiAffinityTerms.isEmpty();
    }

    public boolean hasRequiredAntiAffinity() {
        return !requiredAntiAffinityTerms.isEmpty();
    }

    private static List<AffinityTerm> terms(Pod pod, List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) return List.of();
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) out.add(AffinityTerm.of(pod, t));
        return List.copyOf(out);
    }

    private static List<AffinityTerm.Weighted> weighted(Pod pod, List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) return List.of();
        List<AffinityTerm.Weighted> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            out.add(new AffinityTerm.Weighted(AffinityTerm.of(pod, t.getPodAffinityTerm()), t.getWeight() == null ? 0 : t.getWeight()));
        }
        return List.copyOf(out);
    }

    /**
     * Upstream's PodRequests: the sum of the app containers and restartable (sidecar) init
     * containers, or the largest one-at-a-time init container (plus the sidecars started before
     * it) if that is larger, plus the pod's overhead. With {@code nonZero}, a container without a
     * cpu or memory request counts as 100m and 200 MiB.
     */
    static Resource requests(Pod pod, boolean nonZero) {
        Resource reqs = new Resource();
        if (pod.getSpec() == null) return reqs;
        for (Container c : orEmpty(pod.getSpec().getContainers())) {
            reqs.add(containerRequests(c, nonZero));
        }
        Resource restartableInit = new Resource();
        Resource initMax = new Resource();
        for (Container c : orEmpty(pod.getSpec().getInitContainers())) {
            Resource r = containerRequests(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                reqs.add(r);
                restartableInit.add(r);
                r = restartableInit.copy();
            } else {
                r.add(restartableInit);
            }
            initMax.setMax(r);
        }
        reqs.setMax(initMax);
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) reqs.add(overhead);
        return reqs;
    }

    private static Resource containerRequests(Container c, boolean nonZero) {
        Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
        Resource r = Resource.of(req);
        if (nonZero) {
            if (req == null || !req.containsKey(Resource.CPU)) r.set(Resource.CPU, DEFAULT_MILLI_CPU_REQUEST);
            if (req == null || !req.containsKey(Resource.MEMORY)) r.set(Resource.MEMORY, DEFAULT_MEMORY_REQUEST);
        }
        return r;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    @Override
    public String toString() {
        return Pods.key(pod);
    }
}
