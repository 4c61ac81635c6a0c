package io.j8s.runtime;

/**
 * CPU and memory limits of a container (or of a pod's cgroup), as CRI's
 * {@code LinuxContainerResources}. Zero means "not set" for every field, as in CRI.
 *
 * @param cpuPeriod          CFS period in microseconds (cgroup v1 {@code cpu.cfs_period_us};
 *                           v2 second field of {@code cpu.max}); 0 = kernel default (100000)
 * @param cpuQuota           CFS quota in microseconds per period; 0 = unlimited
 * @param cpuShares          relative weight (v1 {@code cpu.shares}; v2 converted to
 *                           {@code cpu.weight}); 0 = default
 * @param memoryLimitInBytes hard memory limit; exceeding it gets the container OOM-killed
 *                           (reported as reason {@code OOMKilled}, exit code 137); 0 = unlimited
 */
public record LinuxResources(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimitInBytes) {

    public static final LinuxResources NONE = new LinuxResources(0, 0, 0, 0);

    public LinuxResources {
        if (cpuPeriod < 0 || cpuQuota < 0 || cpuShares < 0 || memoryLimitInBytes < 0) {
            throw new IllegalArgumentException("resources must not be negative: " + cpuPeriod + "/"
                    + cpuQuota + "/" + cpuShares + "/" + memoryLimitInBytes);
        }
        if (cpuPeriod != 0 && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
            throw new IllegalArgumentException("cpuPeriod must be within 1000..1000000 µs: " + cpuPeriod);
        }
        if (cpuQuota != 0 && cpuQuota < 1000) {
            throw new IllegalArgumentException("cpuQuota must be at least 1000 µs: " + cpuQuota);
        }
    }

    public static LinuxResources memory(long bytes) {
        return new LinuxResources(0, 0, 0, bytes);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
