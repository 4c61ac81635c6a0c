package io.j8s.runtime;

/**
 * CRI {@code VersionResponse}. The node's {@code containerRuntimeVersion} is
 * {@code runtimeName + "://" + runtimeVersion} (for instance {@code process://0.1.0}).
 */
public record VersionInfo(String version, String runtimeName, String runtimeVersion, String runtimeApiVersion) {
    public String containerRuntimeVersion() {
        return runtimeName + "://" + runtimeVersion;
    }
}
