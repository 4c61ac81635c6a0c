package io.j8s.runtime.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed image reference, normalized as Docker does: {@code busybox} is
 * {@code docker.io/library/busybox:latest}.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    /** Parses {@code reference}; empty when it is not a valid image name. */
    public static Optional<ImageReference> parse(String reference) {
        if (reference == null || reference.isEmpty() || reference.length() > 255) {
            return Optional.empty();
        }
        String rest = reference;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.empty();
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        String domain = "docker.io";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!DOMAIN.matcher(first).matches()) {
                    return Optional.empty();
                }
                domain = first;
                rest = rest.substring(slash + 1);
            }
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                return Optional.empty();
            }
        }
        if (domain.equals("docker.io") && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = "latest";
        }
        return Optional.of(new ImageReference(domain, rest, tag, digest));
    }

    /** The last path component: {@code busybox} for {@code docker.io/library/busybox:1.36}. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return domain + "/" + path + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
