package io.j8s.api.patch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The patch content types kube-apiserver knows, as {@code PATCH} requests name them. */
public enum PatchType {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    /** Server-side apply: known, so it can be named, but j8s answers it with 415. */
    APPLY_PATCH("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether j8s applies patches of this type. */
    public boolean supported() {
        return this != APPLY_PATCH;
    }

    /** The media types j8s accepts on {@code PATCH}, in upstream's order. */
    public static List<String> supportedContentTypes() {
        return Arrays.stream(values()).filter(PatchType::supported).map(PatchType::contentType).toList();
    }

    /**
     * The type a {@code Content-Type} header names ({@code ; charset=…} ignored).
     *
     * @throws PatchException 415 for any type j8s does not patch with, apply included
     */
    public static PatchType forContentType(String header) {
        String mediaType = header == null ? "" : header;
        int semicolon = mediaType.indexOf(';');
        if (semicolon >= 0) {
            mediaType = mediaType.substring(0, semicolon);
        }
        mediaType = mediaType.strip().toLowerCase(Locale.ROOT);
        for (PatchType t : values()) {
            if (t.supported() && t.contentType.equals(mediaType)) {
                return t;
            }
        }
        throw unsupported();
    }

    /** Upstream's answer to a content type outside the accepted list. */
    static PatchException unsupported() {
        return PatchException.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", supportedContentTypes()));
    }
}
