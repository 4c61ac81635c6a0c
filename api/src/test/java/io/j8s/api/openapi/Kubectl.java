package io.j8s.api.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs a real kubectl against a {@link FakeApiServer}, with its own kubeconfig, cache and HOME. */
final class Kubectl {

    /** kubectl on PATH (1.32 here) and the releases that still read /openapi/v2 for explain. */
    static List<String> installed() {
        List<String> found = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                found.add(Path.of(dir, "kubectl").toString());
                break;
            }
        }
        for (String v : List.of("1.27", "1.28")) {
            Path p = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl." + v);
            if (Files.isExecutable(p)) found.add(p.toString());
        }
        return found;
    }

    record Result(int code, String out, String err) {}

    private final String binary;
    private final Path dir;
    private final FakeApiServer server;

    Kubectl(String binary, Path dir, FakeApiServer server) throws IOException {
        Assumptions.assumeTrue(binary != null && Files.isExecutable(Path.of(binary)), "no kubectl installed");
        this.binary = binary;
        this.dir = dir;
        this.server = server;
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster:
                    server: %s
                users:
                - name: anonymous
                  user: {}
                contexts:
                - name: fake
                  context:
                    cluster: fake
                    user: anonymous
                    namespace: default
                current-context: fake
                """.formatted(server.url()));
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig=" + dir.resolve("kubeconfig"),
                "--cache-dir=" + dir.resolve("cache")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 60 s");
        }
        // stderr with the requests made, for the failure message of whoever asserts on it
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8) + "\nrequests: "
                + server.requests.stream().map(q -> q.method() + " " + q.path()).toList();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8), err);
    }
}
