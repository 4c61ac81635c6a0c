package io.j8s.kubelet.prober;

/**
 * The latest verdict of each container's probes (upstream's {@code results.Manager}), keyed by
 * runtime container id, so a restarted container starts with no verdict of its predecessor's.
 */
public interface ProbeResults {

    enum Result { SUCCESS, FAILURE, UNKNOWN }

    /** FAILURE once the liveness probe failed {@code failureThreshold} times: the container must be killed. */
    Result liveness(String containerId);

    /** SUCCESS while the readiness probe passes; FAILURE before its first success. */
    Result readiness(String containerId);

    /** SUCCESS once the startup probe passed; FAILURE when it gave up. */
    Result startup(String containerId);

    /** No probes at all: every container is live, and started and ready as soon as it runs. */
    ProbeResults NONE = new ProbeResults() {
        @Override
        public Result liveness(String containerId) {
            return Result.SUCCESS;
        }

        @Override
        public Result readiness(String containerId) {
            return Result.SUCCESS;
        }

        @Override
        public Result startup(String containerId) {
            return Result.SUCCESS;
        }
    };
}
