package io.j8s.runtime;

/**
 * A whole runtime: what the kubelet is constructed with. Implementations:
 * {@code io.j8s.runtime.process.ProcessRuntime} and {@code io.j8s.runtime.simulated.SimulatedRuntime}.
 */
public interface ContainerRuntime extends RuntimeService, ImageService {
}
