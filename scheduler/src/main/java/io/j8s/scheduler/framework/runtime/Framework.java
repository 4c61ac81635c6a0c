package io.j8s.scheduler.framework.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.config.Plugins.ExtensionPoint;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.EventRecorder;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeInfoLister;
import io.j8s.scheduler.framework.NodeToStatus;
import io.j8s.scheduler.framework.Parallelizer;
import io.j8s.scheduler.framework.PermitPlugin;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.framework.PodActions;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PodNominator;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.PostBindPlugin;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PostFilterResult;
import io.j8s.scheduler.framework.PreBindPlugin;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.PreFilterExtensions;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.ReservePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One profile's plugins, run extension point by extension point: upstream's frameworkImpl. It is
 * also the {@link Handle} its plugins get. Built once at start; its plugin lists never change.
 */
public final class Framework implements Handle {

    private final String profileName;
    private final Integer percentageOfNodesToScore;
    private final Parts parts;
    private final EventRecorder recorder;
    private final Map<String, Plugin> instances = new LinkedHashMap<>();
    private QueueSortPlugin queueSort;
    private final List<PreEnqueuePlugin> preEnqueue = new ArrayList<>();
    private final List<PreFilterPlugin> preFilter = new ArrayList<>();
    private final List<FilterPlugin> filter = new ArrayList<>();
    private final List<PostFilterPlugin> postFilter = new ArrayList<>();
    private final List<PreScorePlugin> preScore = new ArrayList<>();
    private final List<ScorePlugin> score = new ArrayList<>();
    private int[] scoreWeights = new int[0];
    private final List<ReservePlugin> reserve = new ArrayList<>();
    private final List<PermitPlugin> permit = new ArrayList<>();
    private final List<PreBindPlugin> preBind = new ArrayList<>();
    private final List<BindPlugin> bind = new ArrayList<>();
    private final List<PostBindPlugin> postBind = new ArrayList<>();
    /** Plugin name → the events that may undo its rejections; absent: every event. */
    private final Map<String, List<ClusterEvent>> eventsToRegister = new HashMap<>();
    private final Map<String, WaitingPod> waitingPods = new ConcurrentHashMap<>();

    private Framework(Profile profile, Parts parts) {
        this.profileName = profile.schedulerName();
        this.percentageOfNodesToScore = profile.percentageOfNodesToScore();
        this.parts = parts;
        this.recorder = parts.recorders().apply(profileName);
    }

    /**
     * The framework of {@code profile}, its plugins made by the factories of {@code registry}.
     *
     * @throws IllegalArgumentException for an unknown plugin, one enabled at a point it does not
     *     implement, bad args, or a profile without exactly one QueueSort or without a Bind plugin
     */
    public static Framework create(Profile profile, Map<String, PluginFactory> registry, Parts parts) {
        Framework f = new Framework(profile, parts);
        for (String name : PluginSets.enabledNames(profile.plugins())) {
            PluginFactory factory = registry.get(name);
            if (factory == null) throw new IllegalArgumentException("profile " + profile.schedulerName() + ": no plugin named \"" + name + "\"");
            try {
                f.instances.put(name, factory.create(profile.args(name), f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("profile " + profile.schedulerName() + ", plugin " + name + ": " + e.getMessage(), e);
            }
        }
        for (ExtensionPoint p : ExtensionPoint.values()) {
            if (p == ExtensionPoint.MultiPoint) continue;
            Map<String, Integer> plugins = PluginSets.expand(profile.plugins(), p, f.instances::get);
            f.wire(p, plugins);
        }
        if (f.queueSort == null) throw new IllegalArgumentException("profile " + profile.schedulerName() + ": one queueSort plugin is required");
        if (f.bind.isEmpty()) throw new IllegalArgumentException("profile " + profile.schedulerName() + ": at least one bind plugin is required");
        for (Plugin pl : f.instances.values()) {
            if (pl instanceof EnqueueExtensions ee) f.eventsToRegister.put(pl.name(), List.copyOf(ee.eventsToRegister()));
        }
        return f;
    }

    private void wire(ExtensionPoint p, Map<String, Integer> plugins) {
        List<Integer> weights = new ArrayList<>();
        plugins.forEach((name, weight) -> {
            Plugin pl = instances.get(name);
            switch (p) {
                case QueueSort -> {
                    if (queueSort != null && !queueSort.name().equals(name)) {
                        throw new IllegalArgumentException("profile " + profileName + ": only one queueSort plugin may be enabled");
                    }
                    queueSort = (QueueSortPlugin) pl;
                }
                case PreEnqueue -> preEnqueue.add((PreEnqueuePlugin) pl);
                case PreFilter -> preFilter.add((PreFilterPlugin) pl);
                case Filter -> filter.add((FilterPlugin) pl);
                case PostFilter -> postFilter.add((PostFilterPlugin) pl);
                case PreScore -> preScore.add((PreScorePlugin) pl);
                case Score -> {
                    score.add((ScorePlugin) pl);
                    weights.add(weight);
                }
                case Reserve -> reserve.add((ReservePlugin) pl);
                case Permit -> permit.add((PermitPlugin) pl);
                case PreBind -> preBind.add((PreBindPlugin) pl);
                case Bind -> bind.add((BindPlugin) pl);
                case PostBind -> postBind.add((PostBindPlugin) pl);
                case MultiPoint -> throw new AssertionError();
            }
        });
        if (p == ExtensionPoint.Score) scoreWeights = weights.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- what the scheduler asks of a profile

    public Integer percentageOfNodesToScore() {
        return percentageOfNodesToScore;
    }

    public boolean hasFilterPlugins() {
        return !filter.isEmpty();
    }

    public boolean hasScorePlugins() {
        return !score.isEmpty();
    }

    public boolean hasPostFilterPlugins() {
        return !postFilter.isEmpty();
    }

    public QueueSortPlugin queueSort() {
        return queueSort;
    }

    /** The names of the plugins at each point, for logs and tests. */
    public Map<String, List<String>> pluginNames() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("preFilter", preFilter.stream().map(Plugin::name).toList());
        m.put("filter", filter.stream().map(Plugin::name).toList());
        m.put("postFilter", postFilter.stream().map(Plugin::name).toList());
        m.put("preScore", preScore.stream().map(Plugin::name).toList());
        List<String> s = new ArrayList<>();
        for (int i = 0; i < score.size(); i++) s.add(score.get(i).name() + "=" + scoreWeights[i]);
        m.put("score", s);
        m.put("reserve", reserve.stream().map(Plugin::name).toList());
        m.put("permit", permit.stream().map(Plugin::name).toList());
        m.put("preBind", preBind.stream().map(Plugin::name).toList());
        m.put("bind", bind.stream().map(Plugin::name).toList());
        return m;
    }

    /** The events each plugin registered; a plugin missing here is woken by every event. */
    public Map<String, List<ClusterEvent>> eventsToRegister() {
        return eventsToRegister;
    }

    public Status runPreEnqueuePlugins(Pod pod) {
        for (PreEnqueuePlugin pl : preEnqueue) {
            Status s = pl.preEnqueue(pod);
            if (!s.isSuccess()) return s.withPlugin(pl.name());
        }
        return Status.SUCCESS;
    }

    /** PreFilter's outcome: the nodes to filter (null: all), the status, the plugins that rejected. */
    public record PreFilterOutcome(Set<String> nodeNames, Status status, Set<String> unschedulablePlugins) {}

    public PreFilterOutcome runPreFilterPlugins(CycleState state, Pod pod) {
        Set<String> nodes = null;
        Set<String> rejected = new HashSet<>();
        List<String> narrowedBy = new ArrayList<>();
        for (PreFilterPlugin pl : preFilter) {
            PreFilterPlugin.Result r = pl.preFilter(state, pod);
            Status s = r.status();
            if (s.isSkip()) {
                state.skipFilterPlugins().add(pl.name());
                continue;
            }
            if (!s.isSuccess()) {
                s = s.withPlugin(pl.name());
                if (s.isRejected()) rejected.add(pl.name());
                return new PreFilterOutcome(null, s, rejected);
            }
            if (r.nodeNames() != null) {
                narrowedBy.add(pl.name());
                if (nodes == null) {
                    nodes = new HashSet<>(r.nodeNames());
                } else {
                    nodes.retainAll(r.nodeNames());
                }
                if (nodes.isEmpty()) {
                    rejected.addAll(narrowedBy);
                    return new PreFilterOutcome(nodes, Status.unresolvable("node(s) didn't satisfy plugin(s) " + narrowedBy)
                            .withPlugin(pl.name()), rejected);
                }
            }
        }
        return new PreFilterOutcome(nodes, Status.SUCCESS, rejected);
    }

    /** The Filter plugins in order; the first that does not pass answers. */
    public Status runFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Set<String> skip = state.skipFilterPlugins();
        for (int i = 0, n = filter.size(); i < n; i++) {
            FilterPlugin pl = filter.get(i);
            if (!skip.isEmpty() && skip.contains(pl.name())) continue;
            Status s = pl.filter(state, pod, nodeInfo);
            if (!s.isSuccess()) {
                if (!s.isRejected()) s = new Status(Code.Error, s.reasons(), pl.name());
                return s.withPlugin(pl.name());
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<PodInfo> nominated = nodeInfo.name() == null ? List.of() : parts.nominator().nominatedPodsForNode(nodeInfo.name());
        if (nominated.isEmpty()) return runFilterPlugins(state, pod, nodeInfo);
        // First with the nominated pods of at least our priority on the node, then (if that passed) without:
        // a pod must fit both ways, since the nominated pods may or may not come.
        NodeInfo withNominated = nodeInfo.copy();
        CycleState stateWith = state.copy();
        boolean added = false;
        int priority = Pods.priority(pod);
        for (PodInfo np : nominated) {
            if (Pods.priority(np.pod()) >= priority && !Pods.uid(np.pod()).equals(Pods.uid(pod))) {
                withNominated.addPod(np);
                Status s = runPreFilterExtensionAddPod(stateWith, pod, np, withNominated);
                if (!s.isSuccess()) return s;
                added = true;
            }
        }
        if (!added) return runFilterPlugins(state, pod, nodeInfo);
        Status s = runFilterPlugins(stateWith, pod, withNominated);
        if (!s.isSuccess()) return s;
        return runFilterPlugins(state, pod, nodeInfo);
    }

    @Override
    public Status runPreFilterExtensionAddPod(CycleState state, Pod pod, PodInfo toAdd, NodeInfo nodeInfo) {
        for (PreFilterPlugin pl : preFilter) {
            PreFilterExtensions ext = pl.preFilterExtensions();
            if (ext == null || state.skipFilterPlugins().contains(pl.name())) continue;
            Status s = ext.addPod(state, pod, toAdd, nodeInfo);
            if (!s.isSuccess()) return Status.error("running AddPod on PreFilter plugin " + pl.name() + ": " + s.message());
        }
        return Status.SUCCESS;
    }

    @Override
    public Status runPreFilterExtensionRemovePod(CycleState state, Pod pod, PodInfo toRemove, NodeInfo nodeInfo) {
        for (PreFilterPlugin pl : preFilter) {
            PreFilterExtensions ext = pl.preFilterExtensions();
            if (ext == null || state.skipFilterPlugins().contains(pl.name())) continue;
            Status s = ext.removePod(state, pod, toRemove, nodeInfo);
            if (!s.isSuccess()) return Status.error("running RemovePod on PreFilter plugin " + pl.name() + ": " + s.message());
        }
        return Status.SUCCESS;
    }

    /** PostFilter plugins in order until one succeeds (or errs); the rejections' messages are joined. */
    public PostFilterResult runPostFilterPlugins(CycleState state, Pod pod, NodeToStatus statuses) {
        List<String> reasons = new ArrayList<>();
        PostFilterResult last = null;
        for (PostFilterPlugin pl : postFilter) {
            PostFilterResult r = pl.postFilter(state, pod, statuses);
            Status s = r.status();
            if (s.isSuccess()) return new PostFilterResult(r.nominatedNodeName(), s.withPlugin(pl.name()));
            if (!s.isRejected()) return new PostFilterResult(r.nominatedNodeName(), s.withPlugin(pl.name()));
            reasons.addAll(s.reasons());
            last = r;
        }
        return new PostFilterResult(last == null ? null : last.nominatedNodeName(),
                new Status(Code.Unschedulable, reasons, ""));
    }

    public Status runPreScorePlugins(CycleState state, Pod pod, List<NodeInfo> nodes) {
        for (PreScorePlugin pl : preScore) {
            Status s = pl.preScore(state, pod, nodes);
            if (s.isSkip()) {
                state.skipScorePlugins().add(pl.name());
                continue;
            }
            if (!s.isSuccess()) return Status.error("running PreScore plugin " + pl.name() + ": " + s.message());
        }
        return Status.SUCCESS;
    }

    /** The weighted sum of the Score plugins for each node of {@code nodes}, or an error status. */
    public record Scores(long[] totals, Map<String, long[]> byPlugin, Status status) {}

    public Scores runScorePlugins(CycleState state, Pod pod, List<NodeInfo> nodes) {
        int n = nodes.size();
        List<ScorePlugin> active = new ArrayList<>(score.size());
        List<Integer> weights = new ArrayList<>(score.size());
        for (int i = 0; i < score.size(); i++) {
            if (state.skipScorePlugins().contains(score.get(i).name())) continue;
            active.add(score.get(i));
            weights.add(scoreWeights[i]);
        }
        long[][] scores = new long[active.size()][n];
        if (!active.isEmpty()) {
            parts.parallelizer().until(n, i -> {
                NodeInfo node = nodes.get(i);
                for (int p = 0; p < active.size(); p++) scores[p][i] = active.get(p).score(state, pod, node);
            });
        }
        long[] totals = new long[n];
        Map<String, long[]> byPlugin = new LinkedHashMap<>();
        for (int p = 0; p < active.size(); p++) {
            ScorePlugin pl = active.get(p);
            Status s = pl.normalizeScore(state, pod, scores[p]);
            if (!s.isSuccess()) return new Scores(null, null, Status.error("running Normalize on Score plugin " + pl.name() + ": " + s.message()));
            int w = weights.get(p);
            for (int i = 0; i < n; i++) {
                long v = scores[p][i];
                if (v < ScorePlugin.MIN_NODE_SCORE || v > ScorePlugin.MAX_NODE_SCORE) {
                    return new Scores(null, null, Status.error("plugin " + pl.name() + " returns an invalid score " + v
                            + ", it should be in the range of [0, 100] after normalizing"));
                }
                totals[i] += v * w;
            }
            byPlugin.put(pl.name(), scores[p]);
        }
        return new Scores(totals, byPlugin, Status.SUCCESS);
    }

    public Status runReservePluginsReserve(CycleState state, Pod pod, String nodeName) {
        for (ReservePlugin pl : reserve) {
            Status s = pl.reserve(state, pod, nodeName);
            if (!s.isSuccess()) {
                return s.isRejected() ? s.withPlugin(pl.name())
                        : Status.error("running Reserve plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Unreserve runs in reverse order, as upstream. */
    public void runReservePluginsUnreserve(CycleState state, Pod pod, String nodeName) {
        for (int i = reserve.size() - 1; i >= 0; i--) reserve.get(i).unreserve(state, pod, nodeName);
    }

    public Status runPermitPlugins(CycleState state, Pod pod, String nodeName) {
        Set<String> waitingOn = new HashSet<>();
        Duration timeout = Duration.ofDays(1);
        for (PermitPlugin pl : permit) {
            PermitPlugin.Result r = pl.permit(state, pod, nodeName);
            Status s = r.status();
            if (s.code() == Code.Wait) {
                waitingOn.add(pl.name());
                if (r.timeout().compareTo(timeout) < 0) timeout = r.timeout();
            } else if (!s.isSuccess()) {
                return s.isRejected() ? s.withPlugin(pl.name())
                        : Status.error("running Permit plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
            }
        }
        if (!waitingOn.isEmpty()) {
            WaitingPod w = new WaitingPod(waitingOn);
            waitingPods.put(Pods.uid(pod), w);
            w.outcome().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Status(Code.Wait, List.of(), "");
        }
        return Status.SUCCESS;
    }

    /** A pod held at Permit, for plugins to allow or reject; null if none. */
    public WaitingPod waitingPod(String uid) {
        return waitingPods.get(uid);
    }

    /** Blocks the binding cycle until the pod's Permit wait ends; Success at once if it never waited. */
    public Status waitOnPermit(Pod pod) {
        WaitingPod w = waitingPods.get(Pods.uid(pod));
        if (w == null) return Status.SUCCESS;
        try {
            return w.outcome().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return Status.unschedulable("rejected due to timeout after waiting at permit");
            }
            return Status.asError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.error("interrupted while waiting at permit");
        } finally {
            waitingPods.remove(Pods.uid(pod));
        }
    }

    public Status runPreBindPlugins(CycleState state, Pod pod, String nodeName) {
        for (PreBindPlugin pl : preBind) {
            Status s = pl.preBind(state, pod, nodeName);
            if (!s.isSuccess()) {
                return s.isRejected() ? s.withPlugin(pl.name())
                        : Status.error("running PreBind plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
            }
        }
        return Status.SUCCESS;
    }

    /** The Bind plugins in order until one does not skip. */
    public Status runBindPlugins(CycleState state, Pod pod, String nodeName) {
        for (BindPlugin pl : bind) {
            Status s = pl.bind(state, pod, nodeName);
            if (s.isSkip()) continue;
            if (!s.isSuccess()) {
                return s.isRejected() ? s.withPlugin(pl.name())
                        : Status.error("running Bind plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
            }
            return s;
        }
        return Status.SKIP;
    }

    public void runPostBindPlugins(CycleState state, Pod pod, String nodeName) {
        for (PostBindPlugin pl : postBind) pl.postBind(state, pod, nodeName);
    }

    public int compare(QueuedPodInfo a, QueuedPodInfo b) {
        if (queueSort.less(a, b)) return -1;
        if (queueSort.less(b, a)) return 1;
        return 0;
    }

    // ---- Handle

    @Override
    public String profileName() {
        return profileName;
    }

    @Override
    public NodeInfoLister snapshot() {
        return parts.snapshot();
    }

    @Override
    public ClusterLister lister() {
        return parts.lister();
    }

    @Override
    public PodActions podActions() {
        return parts.podActions();
    }

    @Override
    public EventRecorder eventRecorder() {
        return recorder;
    }

    @Override
    public PodNominator nominator() {
        return parts.nominator();
    }

    @Override
    public Parallelizer parallelizer() {
        return parts.parallelizer();
    }

    @Override
    public Clock clock() {
        return parts.clock();
    }
}
