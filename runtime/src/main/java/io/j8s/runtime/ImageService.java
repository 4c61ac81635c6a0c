package io.j8s.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI {@code ImageService}. All methods are thread-safe and may block briefly.
 */
public interface ImageService {

    /** The images pulled so far. */
    List<Image> listImages();

    /** The image if it is present (pulled), empty otherwise: the kubelet then pulls it. */
    Optional<Image> imageStatus(ImageSpec image);

    /**
     * Pulls the image. Ok carries the image's id (its {@code imageRef}). Failed carries
     * {@link Outcome#ERR_IMAGE_PULL} or {@link Outcome#INVALID_IMAGE_NAME}; the kubelet turns
     * repeated failures into {@code ImagePullBackOff}.
     */
    Outcome<String> pullImage(ImageSpec image);

    /** Removes the image; idempotent. */
    void removeImage(ImageSpec image);
}
