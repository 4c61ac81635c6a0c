package io.j8s.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kubelet asks for when it creates a container (CRI {@code ContainerConfig}). The kubelet
 * has already resolved everything Kubernetes-level: env from ConfigMaps and Secrets, {@code $(VAR)}
 * expansion, volumes materialised as host directories (given here as {@link Mount}s).
 *
 * @param metadata   the container's name and attempt (its restart count)
 * @param image      the image, as pulled with {@link ImageService#pullImage}
 * @param command    the entrypoint; must not be empty (there is no image to take one from)
 * @param args       arguments after the command
 * @param workingDir the working directory; empty means {@code /}
 * @param envs       environment, in order; the runtime adds {@code PATH}, {@code HOME} and
 *                   {@code HOSTNAME} when they are missing
 * @param mounts     host paths shown at container paths
 * @param labels     labels, for {@link ContainerFilter}
 * @param annotations annotations, returned as given
 * @param logPath    the log file, relative to {@link PodSandboxConfig#logDirectory()}
 *                   (kubelet: {@code <container>/<attempt>.log})
 * @param stdin      keep a stdin open that {@link RuntimeService#attach} writes to
 * @param stdinOnce  close stdin after the first attach ends (recorded; see docs/runtime.md)
 * @param tty        allocate a terminal (recorded; the process runtime gives exec a terminal only)
 * @param resources  cpu and memory limits
 */
public record ContainerConfig(
        Metadata metadata,
        ImageSpec image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<KeyValue> envs,
        List<Mount> mounts,
        Map<String, String> labels,
        Map<String, String> annotations,
        String logPath,
        boolean stdin,
        boolean stdinOnce,
        boolean tty,
        LinuxResources resources) {

    public ContainerConfig {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(image, "image");
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        workingDir = workingDir == null ? "" : workingDir;
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("workingDir must be absolute: " + workingDir);
        }
        envs = envs == null ? List.of() : List.copyOf(envs);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        logPath = logPath == null || logPath.isEmpty() ? metadata.name() + "/" + metadata.attempt() + ".log" : logPath;
        if (logPath.startsWith("/") || Path.of(logPath).normalize().startsWith("..")) {
            throw new IllegalArgumentException("logPath must be relative to the sandbox's log directory: " + logPath);
        }
        resources = resources == null ? LinuxResources.NONE : resources;
    }

    /** A container running {@code command} from {@code image}, everything else defaulted. */
    public static ContainerConfig of(String name, String image, List<String> command) {
        return new ContainerConfig(new Metadata(name, 0), ImageSpec.of(image), command, null, null,
                null, null, null, null, null, false, false, false, null);
    }

    public ContainerConfig withEnvs(List<KeyValue> envs) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    public ContainerConfig withMounts(List<Mount> mounts) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    public ContainerConfig withResources(LinuxResources resources) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    public ContainerConfig withStdin(boolean stdin) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    public ContainerConfig withWorkingDir(String workingDir) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    public ContainerConfig withLabels(Map<String, String> labels) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels,
                annotations, logPath, stdin, stdinOnce, tty, resources);
    }

    /** The full argv: command then args. */
    public List<String> argv() {
        return java.util.stream.Stream.concat(command.stream(), args.stream()).toList();
    }

    /** CRI {@code ContainerMetadata}: the container's name in the pod and its attempt number. */
    public record Metadata(String name, int attempt) {
        public Metadata {
            if (name == null || !PodSandboxConfig.DNS_LABEL.matcher(name).matches()) {
                throw new IllegalArgumentException("container name must be a DNS label: " + name);
            }
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must not be negative: " + attempt);
            }
        }
    }

    /** An environment variable. */
    public record KeyValue(String key, String value) {
        public KeyValue {
            if (key == null || key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: " + key);
            }
            value = value == null ? "" : value;
        }
    }

    /** CRI {@code MountPropagation}. */
    public enum Propagation { PRIVATE, HOST_TO_CONTAINER, BIDIRECTIONAL }

    /**
     * A host path shown at {@code containerPath} (CRI {@code Mount}). A missing host path is
     * created as a directory; a missing container path is created inside the pod's own root.
     */
    public record Mount(Path containerPath, Path hostPath, boolean readonly, Propagation propagation) {
        public Mount {
            Objects.requireNonNull(containerPath, "containerPath");
            Objects.requireNonNull(hostPath, "hostPath");
            if (!containerPath.isAbsolute() || !hostPath.isAbsolute()) {
                throw new IllegalArgumentException("mount paths must be absolute: " + hostPath + " -> " + containerPath);
            }
            containerPath = containerPath.normalize();
            hostPath = hostPath.normalize();
            propagation = propagation == null ? Propagation.PRIVATE : propagation;
        }

        public static Mount of(Path hostPath, String containerPath, boolean readonly) {
            return new Mount(Path.of(containerPath), hostPath, readonly, Propagation.PRIVATE);
        }
    }
}
