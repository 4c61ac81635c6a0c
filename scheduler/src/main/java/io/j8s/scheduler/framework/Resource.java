package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of each resource a node offers or pods request, upstream's framework.Resource: cpu in
 * millicores, memory and ephemeral storage in bytes, a pod count, and the rest (extended resources
 * such as nvidia.com/gpu, hugepages) by name. Mutable: the cache adds and removes pods in place;
 * snapshots {@link #copy} it.
 */
public final class Resource {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    private long milliCpu;
    private long memory;
    private long ephemeralStorage;
    private long allowedPodNumber;
    private Map<String, Long> scalar = Map.of();

    public Resource() {}

    public Resource(long milliCpu, long memory) {
        this.milliCpu = milliCpu;
        this.memory = memory;
    }

    public static Resource of(Map<String, Quantity> list) {
        Resource r = new Resource();
        r.add(list);
        return r;
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    public long ephemeralStorage() {
        return ephemeralStorage;
    }

    public long allowedPodNumber() {
        return allowedPodNumber;
    }

    /** Extended and hugepages resources, by name. */
    public Map<String, Long> scalarResources() {
        return scalar;
    }

    /** Any resource by its Kubernetes name. */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> allowedPodNumber;
            default -> scalar.getOrDefault(name, 0L);
        };
    }

    public void set(String name, long value) {
        switch (name) {
            case CPU -> milliCpu = value;
            case MEMORY -> memory = value;
            case EPHEMERAL_STORAGE -> ephemeralStorage = value;
            case PODS -> allowedPodNumber = value;
            default -> {
                if (scalar.isEmpty()) scalar = new HashMap<>();
                scalar.put(name, value);
            }
        }
    }

    public void add(Map<String, Quantity> list) {
        if (list == null) return;
        list.forEach((name, q) -> set(name, get(name) + Quantities.forResource(name, q)));
    }

    public void add(Resource o) {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        allowedPodNumber += o.allowedPodNumber;
        o.scalar.forEach((k, v) -> set(k, get(k) + v));
    }

    public void subtract(Resource o) {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        allowedPodNumber -= o.allowedPodNumber;
        o.scalar.forEach((k, v) -> set(k, get(k) - v));
    }

    /** Each resource becomes the larger of the two. */
    public void setMax(Resource o) {
        milliCpu = Math.max(milliCpu, o.milliCpu);
        memory = Math.max(memory, o.memory);
        ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
        allowedPodNumber = Math.max(allowedPodNumber, o.allowedPodNumber);
        o.scalar.forEach((k, v) -> set(k, Math.max(get(k), v)));
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && allowedPodNumber == 0
                && scalar.values().stream().allMatch(v -> v == 0);
    }

    public Resource copy() {
        Resource r = new Resource(milliCpu, memory);
        r.ephemeralStorage = ephemeralStorage;
        r.allowedPodNumber = allowedPodNumber;
        r.scalar = scalar.isEmpty() ? Map.of() : new HashMap<>(scalar);
        return r;
    }

    @Override
    public String toString() {
        return "{cpu=" + milliCpu + "m, memory=" + memory + ", ephemeral-storage=" + ephemeralStorage + ", pods=" + allowedPodNumber
                + (scalar.isEmpty() ? "" : ", " + scalar) + "}";
    }
}
