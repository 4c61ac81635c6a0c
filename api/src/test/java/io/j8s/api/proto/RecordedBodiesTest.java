package io.j8s.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import io.j8s.api.proto.KubectlBodies.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bodies real kubectl sent (kept by {@link KubectlCaptureTest}) decode to the object
 * {@code kubectl --dry-run=client -o json} printed for the same command; no kubectl needed.
 */
class RecordedBodiesTest {

    record Case(String version, String command, byte[] body, JsonNode want) {
        @Override
        public String toString() {
            return "kubectl " + version + " " + command;
        }
    }

    static Stream<Case> protobufBodies() {
        List<Case> cases = new ArrayList<>();
        for (String v : Kubectl.VERSIONS) {
            for (Command c : KubectlBodies.COMMANDS) {
                byte[] body = read(v, c.name() + ".pb");
                byte[] want = read(v, c.name() + ".want.json");
                if (body != null && want != null && !c.refusedIn(v)) cases.add(new Case(v, c.name(), body, tree(want)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protobufBodies")
    void decodesToTheObjectKubectlPrintsForADryRun(Case c) {
        assertThat(KubeProtobuf.decode(c.body())).isEqualTo(KubectlBodies.withoutNullTimes(c.want()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void refusesKindsWithoutADescriptorAsAnUnknownFormat(Case c) {
        assertThatThrownBy(() -> KubeProtobuf.decode(c.body())).isInstanceOf(UnknownFormatException.class);
    }

    static Stream<Case> refusedBodies() {
        List<Case> cases = new ArrayList<>();
        for (String v : Kubectl.VERSIONS) {
            for (Command c : KubectlBodies.COMMANDS) {
                byte[] body = read(v, c.name() + ".pb");
                if (body != null && c.refusedIn(v)) cases.add(new Case(v, c.name(), body, null));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "kubectl {0}")
    @ValueSource(strings = {"1.32", "1.33"})
    void kubectlSendsTypedCreatesAndAutoscaleAsProtobufButRunExposeAndDeleteAsJson(String version) {
        Map<String, String> contentTypes = contentTypes(version);
        assertThat(contentTypes).containsOnlyKeys(KubectlBodies.COMMANDS.stream().map(Command::name).toList());
        Set<String> json = Set.of("run", "expose", "delete", "delete-grace-period");
        contentTypes.forEach((command, type) -> assertThat(type).as(command)
                .isEqualTo(json.contains(command) ? "application/json" : KubeProtobuf.MEDIA_TYPE));
    }

    @ParameterizedTest(name = "kubectl {0}")
    @ValueSource(strings = {"1.27"})
    void olderKubectlSendsEverythingAsJson(String version) {
        assertThat(contentTypes(version).values()).isNotEmpty().containsOnly("application/json");
    }

    /** case → content type, from writes.txt. */
    private static Map<String, String> contentTypes(String version) {
        byte[] index = read(version, "writes.txt");
        assertThat(index).as("writes.txt of kubectl %s", version).isNotNull();
        Map<String, String> m = new TreeMap<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] p = line.split(" ");
            m.put(p[0], p[3]);
        }
        return m;
    }

    private static byte[] read(String version, String file) {
        try (InputStream in = RecordedBodiesTest.class.getResourceAsStream(KubectlBodies.resource(version, file))) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
