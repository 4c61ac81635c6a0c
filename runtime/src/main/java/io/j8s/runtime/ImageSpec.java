package io.j8s.runtime;

/**
 * An image reference as the pod spec gives it ({@code busybox}, {@code docker.io/library/curl:8}).
 * The runtime resolves it with {@link ImageService#pullImage}.
 */
public record ImageSpec(String image) {
    public ImageSpec {
        PodSandboxConfig.requireNonBlank(image, "image");
    }

    public static ImageSpec of(String image) {
        return new ImageSpec(image);
    }
}
