package io.j8s.runtime.image;

import io.j8s.runtime.Image;
import io.j8s.runtime.ImageService;
import io.j8s.runtime.ImageSpec;
import io.j8s.runtime.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The image service of runtimes without images (process, simulated): the host's files are every
 * image. A pull of a valid reference succeeds at once and records the name, so
 * {@link #listImages} shows what was pulled; the image id is the SHA-256 of the normalized name.
 *
 * <p>Failures, so the kubelet's pull error paths can be exercised: an invalid reference fails
 * with {@link Outcome#INVALID_IMAGE_NAME}; a reference whose name or tag starts with
 * {@code nonexistent} or {@code doesnotexist} fails with {@link Outcome#ERR_IMAGE_PULL} and
 * containerd's "not found" message, as a registry without it would.
 *
 * <p>With a state file the pulled names survive a restart; without one they live in memory.
 */
public final class HostImages implements ImageService {
    private final Path stateFile; // null: in memory only
    private final TreeSet<String> pulled = new TreeSet<>(); // guarded by this

    public HostImages(Path stateFile) {
        this.stateFile = stateFile;
        if (stateFile != null && Files.exists(stateFile)) {
            try {
                Files.readAllLines(stateFile).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(pulled::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static HostImages inMemory() {
        return new HostImages(null);
    }

    @Override
    public synchronized List<Image> listImages() {
        return pulled.stream().map(HostImages::image).toList();
    }

    @Override
    public synchronized Optional<Image> imageStatus(ImageSpec spec) {
        return ImageReference.parse(spec.image()).map(Object::toString).filter(pulled::contains).map(HostImages::image);
    }

    @Override
    public Outcome<String> pullImage(ImageSpec spec) {
        Optional<ImageReference> parsed = ImageReference.parse(spec.image());
        if (parsed.isEmpty()) {
            return Outcome.failed(Outcome.INVALID_IMAGE_NAME, "Failed to apply default image tag \"" + spec.image()
                    + "\": couldn't parse image name \"" + spec.image() + "\": invalid reference format");
        }
        ImageReference ref = parsed.get();
        if (missing(ref.name()) || missing(ref.tag())) {
            return Outcome.failed(Outcome.ERR_IMAGE_PULL, "failed to pull and unpack image \"" + ref
                    + "\": failed to resolve reference \"" + ref + "\": " + ref + ": not found");
        }
        String name = ref.toString();
        synchronized (this) {
            if (pulled.add(name)) {
                save();
            }
        }
        return Outcome.ok(id(name));
    }

    @Override
    public synchronized void removeImage(ImageSpec spec) {
        ImageReference.parse(spec.image()).map(Object::toString).ifPresent(name -> {
            if (pulled.remove(name)) {
                save();
            }
        });
    }

    /** The image id ({@code sha256:…}) a reference resolves to, pulled or not; empty if invalid. */
    public static Optional<String> imageRef(ImageSpec spec) {
        return ImageReference.parse(spec.image()).map(r -> id(r.toString()));
    }

    private static boolean missing(String part) {
        return part.startsWith("nonexistent") || part.startsWith("doesnotexist");
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(tmp, pulled);
            Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Image image(String name) {
        return new Image(id(name), List.of(name), 0);
    }

    private static String id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
