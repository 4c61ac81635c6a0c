package io.j8s.kubelet.volume;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Upstream's {@code AtomicWriter}: the files of a ConfigMap, Secret, downward API or projected
 * volume appear all at once. They are written to a fresh {@code ..<timestamp>} directory,
 * {@code ..data} is switched to it with one rename, and each top-level name is a symlink into
 * {@code ..data}; a reader never sees half an update.
 */
final class AtomicWriter {

    static final String DATA = "..data";

    /** A file to write: its bytes and its mode (e.g. 0644). */
    record File(byte[] content, int mode) {}

    private AtomicWriter() {}

    /** Makes {@code dir} hold exactly {@code files} (paths relative to it); does nothing if it already does. */
    static void write(Path dir, Map<String, File> files) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(DATA);
        if (Files.exists(data) && same(data, files)) return;
        Path fresh = dir.resolve(".." + System.nanoTime());
        Files.createDirectory(fresh);
        for (var e : files.entrySet()) {
            Path p = fresh.resolve(e.getKey()).normalize();
            if (!p.startsWith(fresh)) throw new IOException("invalid path " + e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().content());
            Files.setPosixFilePermissions(p, permissions(e.getValue().mode()));
        }
        Path oldTarget = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        Path tmpLink = dir.resolve("..data_tmp");
        Files.deleteIfExists(tmpLink);
        Files.createSymbolicLink(tmpLink, fresh.getFileName());
        try {
            Files.move(tmpLink, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmpLink, data, StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> top = new HashSet<>();
        for (String path : files.keySet()) top.add(path.split("/")[0]);
        for (String name : top) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) deleteTree(link);
                Files.createSymbolicLink(link, Path.of(DATA, name));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith("..") && !top.contains(n) && Files.isSymbolicLink(p)) Files.delete(p);
            }
        }
        if (oldTarget != null && !oldTarget.equals(fresh)) deleteTree(oldTarget);
    }

    private static boolean same(Path data, Map<String, File> files) throws IOException {
        Set<String> existing = new HashSet<>();
        try (Stream<Path> walk = Files.walk(data.toRealPath())) {
            Path root = data.toRealPath();
            for (Path p : walk.filter(Files::isRegularFile).toList()) existing.add(root.relativize(p).toString());
        }
        if (!existing.equals(files.keySet())) return false;
        for (var e : files.entrySet()) {
            Path p = data.resolve(e.getKey());
            if (!Arrays.equals(Files.readAllBytes(p), e.getValue().content())) return false;
            if (!Files.getPosixFilePermissions(p).equals(permissions(e.getValue().mode()))) return false;
        }
        return true;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) if ((mode & (1 << i)) != 0) s.add(bits[i]);
        return s;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(p)) {
                for (Path c : children.toList()) deleteTree(c);
            }
        }
        Files.delete(p);
    }
}
