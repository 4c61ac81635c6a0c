package io.j8s.api.proto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One real kubectl binary, run against a {@link FakeApiServer} with a throwaway home. */
record Kubectl(String version, Path binary) {

    record Result(int exit, String out, String err) {
        Result orFail(List<String> args) {
            if (exit != 0) throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + exit + ":\n" + err + out);
            return this;
        }
    }

    /** The versions whose bodies the tests keep; 1.32 is what j8s serves. */
    static final List<String> VERSIONS = List.of("1.27", "1.32", "1.33");

    /** The kubectl of a minor version, if this machine has it. */
    static Optional<Kubectl> find(String version) {
        Path sdk = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl." + version);
        if (Files.isExecutable(sdk)) return Optional.of(new Kubectl(version, sdk));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p) && clientVersion(p).startsWith("v" + version + ".")) return Optional.of(new Kubectl(version, p));
        }
        return Optional.empty();
    }

    Result run(FakeApiServer server, Path home, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--server=" + server.url(), "--namespace=default",
                "--request-timeout=20s", "--cache-dir=" + home.resolve("cache")));
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("HOME", home.toString());
            pb.environment().put("KUBECONFIG", home.resolve("config").toString());
            Path out = home.resolve("out");
            Path err = home.resolve("err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String clientVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "version", "--client", "-o", "json").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            int i = out.indexOf("\"gitVersion\"");
            if (i < 0) return "";
            int start = out.indexOf('"', out.indexOf(':', i)) + 1;
            return out.substring(start, out.indexOf('"', start));
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
