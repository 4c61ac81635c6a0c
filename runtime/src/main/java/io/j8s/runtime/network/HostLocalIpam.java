package io.j8s.runtime.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link Ipam} persisted as CNI's {@code host-local} does: a directory with one file per
 * reserved address (named by the address, holding the owner's id) and {@code last_reserved_ip}.
 * A new instance on the same directory sees every reservation, so a restarted runtime keeps its
 * pods' addresses. One instance per directory (reservations are made under this object's lock;
 * the file creation is atomic, so a stray second writer cannot take the same address).
 */
public final class HostLocalIpam implements Ipam {
    private final Cidr cidr;
    private final Path dir;

    public HostLocalIpam(Cidr cidr, Path dir) {
        this.cidr = cidr;
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Cidr cidr() {
        return cidr;
    }

    @Override
    public synchronized Optional<String> allocate(String owner) {
        Optional<String> held = addressOf(owner);
        if (held.isPresent()) {
            return held;
        }
        int first = cidr.firstPodOffset();
        int count = cidr.lastPodOffset() - first + 1;
        int last = lastReserved();
        for (int i = 1; i <= count; i++) {
            int offset = first + Math.floorMod(last - first + i, count);
            String address = cidr.address(offset);
            try {
                Files.writeString(dir.resolve(address), owner, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                Files.writeString(dir.resolve("last_reserved_ip"), address);
                return Optional.of(address);
            } catch (FileAlreadyExistsException taken) {
                // in use: try the next one
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private int lastReserved() {
        try {
            Path f = dir.resolve("last_reserved_ip");
            if (Files.exists(f)) {
                int offset = cidr.offsetOf(Files.readString(f).trim());
                if (offset >= cidr.firstPodOffset()) {
                    return offset;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: start from the beginning
        }
        return cidr.firstPodOffset() - 1;
    }

    @Override
    public synchronized void release(String owner) {
        addressOf(owner).ifPresent(address -> {
            try {
                Files.deleteIfExists(dir.resolve(address));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public synchronized Optional<String> addressOf(String owner) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().equals("last_reserved_ip"))
                    .filter(f -> owner.equals(read(f)))
                    .map(f -> f.getFileName().toString())
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
