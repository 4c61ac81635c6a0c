package io.j8s.bench;

import static io.j8s.bench.ApiBench.ms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The API benchmark's table and verdicts; numbers in the root locale so they paste into docs unchanged. */
final class ApiReport {

    static final int GOAL_CLIENTS = 32;
    static final int GOAL_WATCHERS = 1000;
    static final int GOAL_EVENTS = 10_000;
    static final int GOAL_OBJECTS = 100_000;

    private ApiReport() {}

    static String table(ApiBench.Config config, CreateLoad.Result creates, WatchFanOut.Result watch, ApiBench.Memory memory) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-8s %-40s %s%n", "part", "measure", "value"));
        if (creates != null) {
            if (config.loadGenerator().equals("h2load")) {
                row(out, "creates", "load generator", "%s", "h2load (bench CPU below is h2load's)");
                row(out, "creates", "clients / HTTP/2 connections", "%d / %d", config.clients(), config.clients());
            } else {
                row(out, "creates", "load generator", "%s", H2loadCreates.available() ? "JDK HttpClient"
                        : "JDK HttpClient (h2load is not installed: apt-get install nghttp2-client; this client's CPU takes from the server's)");
                row(out, "creates", "clients / HTTP/2 connections", "%d / %d", config.clients(), config.connections());
            }
            row(out, "creates", "creates/s", "%.0f", creates.perSecond());
            row(out, "creates", "latency p50 / p99 ms", "%.2f / %.2f", ms(creates.latencies().percentile(0.50)),
                    ms(creates.latencies().percentile(0.99)));
            cpu(out, "creates", creates);
        }
        if (watch != null) {
            row(out, "watch", "watchers x events", "%d x %d", watch.watchers(), watch.events());
            row(out, "watch", "HTTP/2 connections", "%d", watch.connections());
            row(out, "watch", "creates answered 201 / asked", "%d / %d", watch.created(), watch.events());
            row(out, "watch", "delivered / watchers x created", "%d / %d", watch.delivered(), watch.watchers() * watch.created());
            row(out, "watch", "lost / duplicates / re-watches", "%d / %d / %d", watch.lost(), watch.duplicates(), watch.rewatches());
            row(out, "watch", "delivery p50 / p99 / max ms", "%.1f / %.1f / %.1f", ms(watch.latencies().percentile(0.50)),
                    ms(watch.latencies().percentile(0.99)), ms(watch.maxNanos()));
            row(out, "watch", "  from the create's 201: p50 / p99 ms", "%.1f / %.1f", ms(watch.afterAnswer().percentile(0.50)),
                    ms(watch.afterAnswer().percentile(0.99)));
            row(out, "watch", "creates/s asked / achieved", "%.0f / %.1f", config.eventRate(), watch.created() / watch.produceSeconds());
            row(out, "watch", "create latency p50 / p99 ms (producer)", "%.2f / %.2f", ms(watch.creates().percentile(0.50)),
                    ms(watch.creates().percentile(0.99)));
            row(out, "watch", "CPU cores busy: server / bench", "%.2f / %.2f", watch.serverCpuNanos() / 1e9 / watch.deliverSeconds(),
                    watch.benchCpuNanos() / 1e9 / watch.deliverSeconds());
            row(out, "watch", "CPU us per delivery: server / bench", "%.1f / %.1f", watch.serverCpuNanos() / 1e3 / watch.delivered(),
                    watch.benchCpuNanos() / 1e3 / watch.delivered());
        }
        if (memory != null) {
            row(out, "rss", "ConfigMaps created (s, /s)", "%d (%.1f s, %.0f/s)", memory.fill().created(), memory.fill().seconds(),
                    memory.fill().created() / memory.fill().seconds());
            cpu(out, "rss", memory.fill());
            row(out, "rss", "VmRSS idle after start MiB", "%.0f", memory.baselineKiB() / 1024.0);
            row(out, "rss", "VmRSS with the objects, idle MiB", "%.0f", memory.loadedKiB() / 1024.0);
            row(out, "rss", "  per object (over the idle start) KiB", "%.2f",
                    (memory.loadedKiB() - memory.baselineKiB()) / (double) Math.max(1, memory.fill().created()));
            memory.heap().ifPresent(h -> row(out, "rss", "  Java heap committed / used MiB", "%.0f / %.0f", h[0] / 1024.0, h[1] / 1024.0));
            row(out, "rss", "store files (db/) MiB", "%.1f", memory.storeBytes() / 1048576.0);
            row(out, "rss", "VmRSS after jcmd GC.run MiB", "%.0f", memory.afterFullGcKiB() / 1024.0);
            memory.heapAfterFullGc().ifPresent(h -> row(out, "rss", "  Java heap committed / used MiB", "%.0f / %.0f", h[0] / 1024.0,
                    h[1] / 1024.0));
        }
        return out.toString();
    }

    private static void cpu(StringBuilder out, String part, CreateLoad.Result r) {
        row(out, part, "CPU cores busy: server / bench", "%.2f / %.2f", r.serverCpuNanos() / 1e9 / r.seconds(),
                r.benchCpuNanos() / 1e9 / r.seconds());
        row(out, part, "CPU ms per create: server / bench", "%.2f / %.2f", ms(r.serverCpuNanos()) / r.created(),
                ms(r.benchCpuNanos()) / r.created());
    }

    private static void row(StringBuilder out, String part, String measure, String format, Object... values) {
        out.append(String.format(Locale.ROOT, "%-8s %-40s ", part, measure)).append(String.format(Locale.ROOT, format, values)).append('\n');
    }

    static List<String> verdicts(ApiBench.Config config, CreateLoad.Result creates, WatchFanOut.Result watch, ApiBench.Memory memory) {
        List<String> out = new ArrayList<>();
        if (creates != null) {
            if (config.clients() != GOAL_CLIENTS) {
                out.add("verdict: creates not judged (the goal is at " + GOAL_CLIENTS + " clients)");
            } else {
                double p99 = ms(creates.latencies().percentile(0.99));
                out.add(String.format(Locale.ROOT, "verdict: creates at %d clients %.0f/s (goal >= %.0f/s): %s; p99 %.1f ms (goal <= %.0f ms): %s",
                        GOAL_CLIENTS, creates.perSecond(), ApiBench.CREATE_GOAL, met(creates.perSecond() >= ApiBench.CREATE_GOAL), p99,
                        ApiBench.CREATE_P99_GOAL_MS, met(p99 <= ApiBench.CREATE_P99_GOAL_MS)));
            }
        }
        if (watch != null) {
            if (watch.watchers() != GOAL_WATCHERS || watch.events() != GOAL_EVENTS) {
                out.add("verdict: watch fan-out not judged (the goal is " + GOAL_WATCHERS + " watchers x " + GOAL_EVENTS + " events)");
            } else {
                double p99 = ms(watch.latencies().percentile(0.99));
                out.add(String.format(Locale.ROOT, "verdict: watch fan-out %d x %d at %.0f creates/s asked (%.1f achieved): %d lost (goal 0): %s; "
                                + "delivery p99 %.1f ms (goal <= %.0f ms): %s", watch.watchers(), watch.events(), config.eventRate(),
                        watch.created() / watch.produceSeconds(), watch.lost(),
                        met(watch.lost() == 0 && watch.created() == watch.events() && watch.problems().isEmpty()), p99, ApiBench.DELIVERY_P99_GOAL_MS,
                        met(p99 <= ApiBench.DELIVERY_P99_GOAL_MS)));
            }
        }
        if (memory != null) {
            out.add(String.format(Locale.ROOT, "verdict: server VmRSS with %d ConfigMaps %.0f MiB idle, store %.1f MiB (no goal set: reported)%s",
                    memory.fill().created(), memory.loadedKiB() / 1024.0, memory.storeBytes() / 1048576.0,
                    memory.fill().created() < memory.objects() ? "; only " + memory.fill().created() + " of " + memory.objects() + " created in time" : ""));
        }
        return out;
    }

    private static String met(boolean met) {
        return met ? "MET" : "MISSED";
    }
}
