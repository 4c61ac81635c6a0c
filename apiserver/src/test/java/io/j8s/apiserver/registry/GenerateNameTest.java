package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.Builtins;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.watch.WatchCache;
import io.j8s.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream's RetryGenerateName: a generated name that is taken is drawn again, up to 7 times. */
class GenerateNameTest {

    /** Draws the same suffix for the first {@code repeats} names, then another one. */
    static final class Scripted implements RandomGenerator {
        int calls;
        final int repeats;

        Scripted(int repeats) {
            this.repeats = repeats;
        }

        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return calls++ / 5 < repeats ? 0 : 1; // five characters a name
        }
    }

    Path dir;
    EmbeddedStore store;
    WatchCache cache;
    ResourceRegistry registry = ResourceRegistry.builtin();
    ResourceType configMaps = registry.byPath("", "v1", "configmaps").orElseThrow();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("j8s-generate-name");
        store = EmbeddedStore.open(EmbeddedStore.Options.defaults(dir));
        cache = new WatchCache(store, 1000);
        cache.start();
    }

    @AfterEach
    void stop() {
        cache.close();
        store.close();
    }

    private ResourceRest rest(RandomGenerator random) {
        ResourceRest rest = new ResourceRest(store, cache, new Strategy(Clock.systemUTC(), random), Builtins.rules(DefaultsConfig.UPSTREAM),
                registry, new EventLeases(store, Duration.ofHours(1), System::nanoTime));
        rest.ensure(registry.byPath("", "v1", "namespaces").orElseThrow(), null, cm("{\"metadata\":{\"name\":\"default\"}}"));
        return rest;
    }

    private static ObjectNode cm(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode generated() {
        return cm("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"web-\"}}");
    }

    @Test
    void aTakenGeneratedNameIsDrawnAgain() {
        ResourceRest rest = rest(new Scripted(3)); // the namespace's create draws nothing
        ObjectNode first = rest.create(configMaps, "default", generated(), false);
        ObjectNode second = rest.create(configMaps, "default", generated(), false);
        assertThat(first.path("metadata").path("name").asText()).isEqualTo("web-bbbbb");
        assertThat(second.path("metadata").path("name").asText()).isEqualTo("web-ccccc");
    }

    @Test
    void afterSevenRetriesItIsAlreadyExists() {
        ResourceRest rest = rest(new Scripted(100));
        rest.create(configMaps, "default", generated(), false);
        assertThatThrownBy(() -> rest.create(configMaps, "default", generated(), false))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));
    }
}
