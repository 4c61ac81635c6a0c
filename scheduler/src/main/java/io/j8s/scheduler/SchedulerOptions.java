package io.j8s.scheduler;

import io.j8s.scheduler.config.SchedulerConfiguration;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.plugins.Registry;
import java.time.Clock;
import java.util.Map;

/**
 * How to run a scheduler.
 *
 * @param config the KubeSchedulerConfiguration (profiles, parallelism, backoff, leader election)
 * @param bindAddress where {@code /metrics} and {@code /healthz} listen
 * @param securePort their port; 0 picks a free one, -1 serves nothing (upstream's default is 10259)
 * @param identity this scheduler's name in the Lease (upstream: hostname_uuid)
 * @param registry the plugins profiles may name (the in-tree ones, plus any a test adds)
 * @param clock time for the queue's backoff and the events' timestamps
 */
public record SchedulerOptions(SchedulerConfiguration config, String bindAddress, int securePort, String identity,
                               Map<String, PluginFactory> registry, Clock clock) {

    public static final int DEFAULT_SECURE_PORT = 10259;

    public SchedulerOptions {
        registry = Map.copyOf(registry);
    }

    /** The defaults, without an HTTP endpoint. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(SchedulerConfiguration.defaults(), "0.0.0.0", -1, defaultIdentity(), Registry.inTree(), Clock.systemUTC());
    }

    public SchedulerOptions withConfig(SchedulerConfiguration c) {
        return new SchedulerOptions(c, bindAddress, securePort, identity, registry, clock);
    }

    public SchedulerOptions withServing(String address, int port) {
        return new SchedulerOptions(config, address, port, identity, registry, clock);
    }

    public SchedulerOptions withIdentity(String id) {
        return new SchedulerOptions(config, bindAddress, securePort, id, registry, clock);
    }

    public SchedulerOptions withRegistry(Map<String, PluginFactory> r) {
        return new SchedulerOptions(config, bindAddress, securePort, identity, r, clock);
    }

    /** Upstream's identity: the host name and a random suffix, so two schedulers on one host differ. */
    public static String defaultIdentity() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "_" + java.util.UUID.randomUUID();
    }
}
