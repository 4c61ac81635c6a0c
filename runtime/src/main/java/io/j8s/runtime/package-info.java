/**
 * The container runtime interface the kubelet drives, shaped after CRI v1
 * ({@code k8s.io/cri-api/pkg/apis/runtime/v1/api.proto}): {@link io.j8s.runtime.RuntimeService}
 * (pod sandboxes, containers, exec, logs) and {@link io.j8s.runtime.ImageService}.
 *
 * <p>The kubelet sees only this package (and {@code io.j8s.runtime.logs} to read log files).
 * Implementations live one per package: {@code process} (a container is an OS process; isolated
 * with Linux namespaces and cgroups when run as root) and {@code simulated} (hollow pods, no
 * process, for scale tests). Configuration and results are records validated in their compact
 * constructors; expected failures are values ({@link io.j8s.runtime.Outcome}), never exceptions.
 */
package io.j8s.runtime;
