package io.j8s.apiserver;

import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.store.Store;
import io.j8s.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An API server on a loopback port over plain HTTP, on an embedded store in a temp directory.
 * Published in the apiserver test-jar so that other modules' tests (scheduler, controllers, kubelet)
 * can run against the real server; only their test scope may depend on it.
 */
public final class TestServer implements AutoCloseable {

    public final Path dir;
    public final Store store;
    public final ApiServer server;
    private final ApiServer.Parts parts;
    private final UnaryOperator<ApiServer.Config> tune;

    public TestServer(ApiServer.Parts parts) throws Exception {
        this(parts, UnaryOperator.identity());
    }

    /** @param tune changes to the test configuration (shorter timeouts, say) */
    public TestServer(ApiServer.Parts parts, UnaryOperator<ApiServer.Config> tune) throws Exception {
        this(Files.createTempDirectory("j8s-apiserver-test"), null, parts, tune);
    }

    private TestServer(Path dir, Store store, ApiServer.Parts parts, UnaryOperator<ApiServer.Config> tune) throws Exception {
        this.dir = dir;
        this.parts = parts;
        this.tune = tune;
        this.store = store != null ? store : EmbeddedStore.open(EmbeddedStore.Options.defaults(dir.resolve("db")));
        this.server = ApiServer.start(tune.apply(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1")
                .withBookmarkInterval(Duration.ofSeconds(1))), this.store, parts);
    }

    /** A new server on the same store (the old one must be closed), as after a restart. */
    public TestServer restart() throws Exception {
        return new TestServer(dir, store, parts, tune);
    }

    /** As {@link #restart()}, with changed configuration (a new advertise address, say). */
    public TestServer restartWith(UnaryOperator<ApiServer.Config> change) throws Exception {
        return new TestServer(dir, store, parts, c -> change.apply(tune.apply(c)));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A kubeconfig for the real kubectl. */
    public Path kubeconfig() throws IOException {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                users:
                - name: test
                  user: {}
                contexts:
                - name: test
                  context: {cluster: test, user: test}
                current-context: test
                """.formatted(url()));
        return f;
    }

    /** The real parts over plain HTTP with no authentication: what the REST layer does, alone. */
    public static ApiServer.Parts realParts() {
        try {
            // No test of these reaches a kubelet; the JDK's default trust is never used.
            return realParts(javax.net.ssl.SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real parts, reaching kubelets with {@code kubeletClient}. */
    public static ApiServer.Parts realParts(javax.net.ssl.SSLContext kubeletClient) {
        return new ApiServer.Parts(Builtins.rules(DefaultsConfig.UPSTREAM), Builtins.hooks(Clock.systemUTC()),
                server -> new ServerConnector(server, new HttpConnectionFactory()), handler -> handler, kubeletClient);
    }

    /** A server with {@link #realParts()}: the usual start for other modules' tests. */
    public static TestServer start() throws Exception {
        return new TestServer(realParts());
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
