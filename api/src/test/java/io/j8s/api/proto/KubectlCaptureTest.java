package io.j8s.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import io.j8s.api.proto.KubectlBodies.Command;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real kubectl (each version this machine has) against {@link FakeApiServer}, and
 * checks that every protobuf body it sends decodes to what {@code --dry-run=client -o json}
 * prints for the same command. The bodies are kept as test resources so
 * {@link RecordedBodiesTest} runs without kubectl; this test also checks they are still what
 * kubectl sends. {@code -Dj8s.proto.record=true} rewrites them instead.
 */
class KubectlCaptureTest {

    private static final boolean RECORD = Boolean.getBoolean("j8s.proto.record");

    /** version → case → the line for writes.txt, filled as cases run, written when recording. */
    private static final Map<String, Map<String, String>> WRITES = new ConcurrentHashMap<>();

    record Case(String version, Optional<Kubectl> kubectl, Command command) {
        @Override
        public String toString() {
            return "kubectl " + version + " " + command.name();
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String v : Kubectl.VERSIONS) {
            Optional<Kubectl> k = Kubectl.find(v);
            for (Command c : KubectlBodies.COMMANDS) cases.add(new Case(v, k, c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void protobufBodyDecodesToTheObjectDryRunPrints(Case c, @TempDir Path home) throws IOException {
        assumeTrue(c.kubectl().isPresent(), "kubectl " + c.version() + " is not installed");
        Kubectl kubectl = c.kubectl().get();
        Command cmd = c.command();
        try (FakeApiServer server = FakeApiServer.start()) {
            kubectl.run(server, home, cmd.args()).orFail(cmd.args());
            assertThat(server.writes()).as("writes of %s", cmd.name()).hasSize(1);
            FakeApiServer.Write w = server.writes().get(0);
            String line = cmd.name() + " " + w.method() + " " + w.path() + " " + w.contentType();
            WRITES.computeIfAbsent(c.version(), v -> new ConcurrentHashMap<>()).put(cmd.name(), line);
            boolean protobuf = w.contentType().startsWith(KubeProtobuf.MEDIA_TYPE);
            String bodyFile = cmd.name() + (protobuf ? ".pb" : ".body.json");

            JsonNode want = null;
            if (cmd.dryRun()) {
                List<String> dry = new ArrayList<>(cmd.args());
                int dashes = dry.indexOf("--");
                dry.addAll(dashes < 0 ? dry.size() : dashes, List.of("--dry-run=client", "-o", "json"));
                server.clear();
                want = Json.MAPPER.readTree(kubectl.run(server, home, dry).orFail(dry).out());
                assertThat(server.writes()).as("a client dry run writes nothing").isEmpty();
            }

            if (RECORD) {
                Path dir = KubectlBodies.directory(c.version());
                Files.createDirectories(dir);
                Files.write(dir.resolve(bodyFile), w.body());
                if (want != null) {
                    Files.writeString(dir.resolve(cmd.name() + ".want.json"),
                            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(want) + "\n");
                }
            } else {
                assertThat(stored(c.version(), bodyFile)).as("the recorded body still matches kubectl's").isEqualTo(w.body());
            }

            if (protobuf && cmd.refusedIn(c.version())) {
                assertThatThrownBy(() -> KubeProtobuf.decode(w.body())).isInstanceOf(UnknownFormatException.class);
            } else if (protobuf && want != null) {
                assertThat(KubeProtobuf.decode(w.body())).isEqualTo(KubectlBodies.withoutNullTimes(want));
            }
        }
    }

    @AfterAll
    static void writeTheWritesIndex() throws IOException {
        if (!RECORD) return;
        for (Map.Entry<String, Map<String, String>> e : WRITES.entrySet()) {
            StringBuilder s = new StringBuilder("# kubectl ").append(e.getKey())
                    .append(": the write each command sent (case, method, path, content type)\n");
            for (String line : new TreeMap<>(e.getValue()).values()) s.append(line).append('\n');
            Files.writeString(KubectlBodies.directory(e.getKey()).resolve("writes.txt"), s.toString(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] stored(String version, String file) throws IOException {
        try (InputStream in = KubectlCaptureTest.class.getResourceAsStream(KubectlBodies.resource(version, file))) {
            assertThat(in).as("recorded %s for kubectl %s (record with -Dj8s.proto.record=true)", file, version).isNotNull();
            return in.readAllBytes();
        }
    }
}
