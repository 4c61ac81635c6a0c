package io.j8s.proxy.nftables;

import io.j8s.proxy.Proxier;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.tracker.CategorizedEndpoints;
import io.j8s.proxy.tracker.Endpoint;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import io.j8s.proxy.tracker.ServicePort;
import io.j8s.proxy.tracker.ServicePortName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's nftables mode (upstream pkg/proxy/nftables): each sync takes the trackers' changes
 * and programs them in one {@code nft -f -} transaction. The first sync, and the one after a failure,
 * replaces the table; every {@code fullSyncPeriod} (upstream's {@code FullSyncPeriod}, an hour) a full sync
 * rewrites every chain and map; in between,
 * a partial sync touches only the objects of the services that changed. A failed transaction leaves
 * the kernel's rules as they were (nft applies all or nothing).
 */
public final class NftablesProxier implements Proxier {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesProxier.class);

    /**
     * @param table        the table's name in family ip ({@code j8s-proxy})
     * @param clusterCidr  pod addresses: ClusterIP traffic from elsewhere is masqueraded
     * @param localDnsPort redirect {@code kube-system/kube-dns} to this node port (0: no redirect)
     * @param fullSyncPeriod how often a full sync rewrites everything (the runner's periodic syncs in
     *                       between are partial: nothing to do unless something changed)
     */
    public record Config(String table, String clusterCidr, int localDnsPort, Duration fullSyncPeriod) {
    }

    /** One sync's figures: its kind, the transaction's lines, time to write it and time nft took to apply it. */
    public record SyncStats(String kind, long lines, Duration generate, Duration apply) {
    }

    private final Config config;
    private final Nft nft;
    private final ServiceChangeTracker serviceChanges;
    private final EndpointsChangeTracker endpointChanges;
    private final ProxyMetrics metrics;
    private final ProxierHealth health;
    private final Clock clock;
    private final RuleBuilder builder;

    // Owned by the sync thread.
    private final Map<ServicePortName, ServicePort> services = new HashMap<>();
    private final Map<ServicePortName, List<Endpoint>> endpoints = new HashMap<>();
    /** What the kernel holds, per service key, after the last successful transaction. */
    private final Map<String, ServiceRules> applied = new TreeMap<>();
    private boolean needReplace = true;
    private Instant lastFull = Instant.MIN;
    private final Set<String> pendingKeys = new HashSet<>();
    private String lastScript = "";
    private SyncStats lastStats;

    public NftablesProxier(Config config, Nft nft, ServiceChangeTracker serviceChanges, EndpointsChangeTracker endpointChanges,
                           ProxyMetrics metrics, ProxierHealth health, Clock clock) {
        this.config = config;
        this.nft = nft;
        this.serviceChanges = serviceChanges;
        this.endpointChanges = endpointChanges;
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
        this.builder = new RuleBuilder(config.clusterCidr(), config.localDnsPort());
    }

    @Override
    public String mode() {
        return "nftables";
    }

    @Override
    public synchronized boolean sync() {
        Instant start = clock.instant();
        metrics.changes(serviceChanges.pendingCount(), serviceChanges.changesTotal(), endpointChanges.pendingCount(),
                endpointChanges.changesTotal());
        pendingKeys.addAll(serviceChanges.apply(services));
        EndpointsChangeTracker.Result eps = endpointChanges.apply(endpoints);
        pendingKeys.addAll(eps.changedServices());

        Transaction.Kind kind = needReplace ? Transaction.Kind.REPLACE
                : Duration.between(lastFull, start).compareTo(config.fullSyncPeriod()) >= 0 ? Transaction.Kind.FULL
                : Transaction.Kind.PARTIAL;
        if (kind == Transaction.Kind.PARTIAL && pendingKeys.isEmpty()) {
            health.updated();
            return true;
        }
        Map<String, List<ServicePort>> byService = byService(kind == Transaction.Kind.PARTIAL ? pendingKeys : null);
        Map<String, ServiceRules> after = new TreeMap<>();
        byService.forEach((key, ports) -> after.put(key, builder.build(key, ports, endpoints)));
        Map<String, ServiceRules> before = new TreeMap<>();
        if (kind == Transaction.Kind.PARTIAL) {
            for (String key : pendingKeys) {
                if (applied.containsKey(key)) before.put(key, applied.get(key));
            }
        } else {
            before.putAll(applied);
        }
        String script = Transaction.write(config.table(), kind, before, after);
        lastScript = script;
        Instant written = clock.instant();
        Nft.Result result = script.isEmpty() ? new Nft.Result(true, "") : nft.apply(script);
        lastStats = new SyncStats(kind.name().toLowerCase(Locale.ROOT), script.lines().count(),
                Duration.between(start, written), Duration.between(written, clock.instant()));
        if (!result.ok()) {
            LOG.error("Sync failed: nft {} transaction of {} lines: {}", kind.name().toLowerCase(),
                    script.lines().count(), result.output().strip());
            metrics.syncFailed();
            needReplace = true;
            return false;
        }
        if (kind != Transaction.Kind.PARTIAL) {
            applied.clear();
            lastFull = start;
        } else {
            before.keySet().forEach(applied::remove);
        }
        after.forEach((key, rules) -> {
            if (!rules.chains().isEmpty() || !rules.elements().isEmpty()) applied.put(key, rules);
        });
        pendingKeys.clear();
        needReplace = false;

        Instant end = clock.instant();
        metrics.syncDone(kind != Transaction.Kind.PARTIAL, Duration.between(start, end), end);
        for (List<Instant> times : eps.lastChangeTriggerTimes().values()) {
            for (Instant t : times) metrics.networkProgrammed(Duration.between(t, end));
        }
        recordCounts();
        health.updated();
        LOG.debug("Synced nftables rules ({}, {} services changed) in {} ms", kind, before.size() + after.size(),
                Duration.between(start, end).toMillis());
        return true;
    }

    private Map<String, List<ServicePort>> byService(Set<String> only) {
        Map<String, List<ServicePort>> out = new TreeMap<>();
        if (only != null) only.forEach(k -> out.put(k, new ArrayList<>()));
        for (ServicePort sp : services.values()) {
            String key = sp.name().serviceKey();
            if (only == null || only.contains(key)) out.computeIfAbsent(key, k -> new ArrayList<>()).add(sp);
        }
        out.values().forEach(l -> l.sort((a, b) -> a.name().port().compareTo(b.name().port()) != 0
                ? a.name().port().compareTo(b.name().port()) : a.protocol().compareTo(b.protocol())));
        return out;
    }

    private void recordCounts() {
        int chains = Tables.BASE_CHAINS.size();
        int rules = Tables.BASE_CHAINS.stream().mapToInt(c -> c.rules().size()).sum();
        int sets = 0;
        int elements = 0;
        for (ServiceRules r : applied.values()) {
            chains += r.chains().size();
            rules += r.ruleCount();
            sets += r.sets().size();
            elements += r.elements().size();
        }
        metrics.nftablesObjects(chains, rules, sets, elements);
        int internal = 0;
        int external = 0;
        for (ServicePort sp : services.values()) {
            if (!sp.internalLocal() && !sp.externalLocal()) continue;
            var cat = CategorizedEndpoints.of(endpoints.getOrDefault(sp.name(), List.of()));
            if (cat.local().isEmpty() && sp.internalLocal()) internal++;
            if (cat.local().isEmpty() && sp.externalLocal()) external++;
        }
        metrics.noLocalEndpoints(internal, external);
    }

    /** Runs a full sync now, whatever the period says (benchmarks). */
    public synchronized boolean syncFull() {
        lastFull = Instant.MIN;
        return sync();
    }

    /** The last sync's figures (benchmarks). */
    public synchronized SyncStats lastSyncStats() {
        return lastStats;
    }

    /** The last transaction written (tests and debugging). */
    public synchronized String lastScript() {
        return lastScript;
    }

    /** The services whose objects are in the table. */
    public synchronized Set<String> programmedServices() {
        return new TreeSet<>(applied.keySet());
    }

    @Override
    public void close() {
        // The rules stay, as upstream's: traffic keeps flowing while the proxy restarts. --cleanup removes them.
    }
}
