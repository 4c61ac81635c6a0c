package io.j8s.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Builtins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/** What the benchmarks that host the API server in their own JVM (scheduler, nodes) share. */
final class InProcess {

    private InProcess() {}

    /** The API server's real parts over plain HTTP without authentication: these benches measure what sits behind it, not TLS. */
    static ApiServer.Parts plainHttp() throws Exception {
        return new ApiServer.Parts(Builtins.rules(DefaultsConfig.UPSTREAM), Builtins.hooks(Clock.systemUTC()),
                s -> new ServerConnector(s, new HttpConnectionFactory()), h -> h, javax.net.ssl.SSLContext.getDefault());
    }

    /** An informer handler that hands every pod it sees added or changed to {@code seen}; deletions are not its business. */
    static ResourceEventHandler<Pod> onEverySight(Consumer<Pod> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                seen.accept(p);
            }

            @Override
            public void onUpdate(Pod old, Pod p) {
                seen.accept(p);
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {}
        };
    }

    /** Polls {@code done} every {@code poll} until it holds (true) or {@code timeout} passes (false). */
    static boolean await(BooleanSupplier done, Duration timeout, Duration poll) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(poll.toMillis());
        }
        return true;
    }

    /** Deletes a bench's temp directory as far as it can; what cannot be deleted stays. */
    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
