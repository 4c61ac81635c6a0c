package io.j8s.runtime.process;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sandbox and container records on disk, one directory each under the data directory:
 * {@code sandboxes/<id>/sandbox.json} and {@code containers/<id>/container.json}. Each write
 * replaces the file atomically, so a crash leaves the old record or the new one.
 */
final class StateStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateStore.class);

    private final Path sandboxes;
    private final Path containers;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Records are written by their components, not by helper methods such as isEmpty().
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    StateStore(Path dataDir) {
        this.sandboxes = dataDir.resolve("sandboxes");
        this.containers = dataDir.resolve("containers");
        try {
            Files.createDirectories(sandboxes);
            Files.createDirectories(containers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path sandboxDir(String id) {
        return sandboxes.resolve(id);
    }

    Path containerDir(String id) {
        return containers.resolve(id);
    }

    void save(SandboxRecord r) {
        write(sandboxDir(r.id()).resolve("sandbox.json"), r);
    }

    void save(ContainerRecord r) {
        write(containerDir(r.id()).resolve("container.json"), r);
    }

    List<SandboxRecord> loadSandboxes() {
        return load(sandboxes, "sandbox.json", SandboxRecord.class);
    }

    List<ContainerRecord> loadContainers() {
        return load(containers, "container.json", ContainerRecord.class);
    }

    void deleteSandbox(String id) {
        deleteTree(sandboxDir(id));
    }

    void deleteContainer(String id) {
        deleteTree(containerDir(id));
    }

    private void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Cmd.writeAtomically(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> List<T> load(Path dir, String name, Class<T> type) {
        var out = new ArrayList<T>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.toList()) {
                Path f = d.resolve(name);
                if (!Files.exists(f)) {
                    continue; // half made: its creation never finished
                }
                try {
                    out.add(json.readValue(f.toFile(), type));
                } catch (IOException e) {
                    LOG.warn("Ignoring unreadable runtime state {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
