package io.j8s.runtime;

import java.util.List;

/**
 * CRI {@code Image}: a pulled image.
 *
 * @param id       its content id ({@code sha256:...}); the containers' {@code imageRef}
 * @param repoTags the normalized names it was pulled as ({@code docker.io/library/busybox:latest})
 * @param size     bytes on disk (0 for the process runtime: the host's files are the image)
 */
public record Image(String id, List<String> repoTags, long size) {
    public Image {
        repoTags = List.copyOf(repoTags);
    }
}
