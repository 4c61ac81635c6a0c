package io.j8s.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Lister;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.Named;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node IPAM controller with its {@code RangeAllocator}: each Node without a podCIDR
 * gets the next free subnet of each cluster CIDR ({@code --cluster-cidr}, one per IP family,
 * {@code --node-cidr-mask-size}), written to {@code spec.podCIDR} and {@code spec.podCIDRs}; a
 * deleted Node's subnets go back to the pool. The kubelet reads them to address its pods.
 */
public final class NodeIpamController {

    public static final String NAME = "nodeipam";
    /** The Event source upstream's range allocator records under. */
    static final String COMPONENT = "cidrAllocator";

    private static final Logger log = LoggerFactory.getLogger(NodeIpamController.class);

    /** The writes this controller makes, replaced by a recording fake in tests (as upstream's PodControl). */
    interface NodeCidrs {
        void set(String node, List<String> podCidrs);
    }

    /** Reads of the Node cache. */
    interface NodeLister {
        Node get(String name);

        List<Node> list();
    }

    /** What this controller handed a node: its uid (a node re-made under the same name is another) and subnets. */
    private record Allocation(String uid, List<String> cidrs) {}

    private final List<CidrSet> sets;
    private final NodeLister nodes;
    private final NodeCidrs writer;
    private final EventRecorder recorder;
    private final Map<String, Allocation> allocated = new ConcurrentHashMap<>();

    NodeIpamController(List<CidrSet> sets, NodeLister nodes, NodeCidrs writer, EventRecorder recorder) {
        if (sets.isEmpty() || sets.size() > 2 || (sets.size() == 2 && sets.get(0).ipv6() == sets.get(1).ipv6())) {
            throw new IllegalArgumentException("--cluster-cidr takes one CIDR, or two of different IP families");
        }
        this.sets = List.copyOf(sets);
        this.nodes = nodes;
        this.writer = writer;
        this.recorder = recorder;
    }

    /** Builds the controller on the shared Node informer; the manager starts it once leading. */
    public static Controller create(ControllerContext ctx) {
        var options = ctx.options().nodeIpam();
        List<CidrSet> sets = new ArrayList<>();
        for (String cidr : options.clusterCidrs()) {
            boolean v6 = cidr.contains(":");
            sets.add(new CidrSet(cidr, v6 ? options.nodeCidrMaskSizeIpv6() : options.nodeCidrMaskSizeIpv4()));
        }
        SharedIndexInformer<Node> informer = ctx.informers().of(Node.class);
        Lister<Node> lister = new Lister<>(informer.getIndexer());
        NodeLister nodeLister = new NodeLister() {
            @Override
            public Node get(String name) {
                return lister.get(name);
            }

            @Override
            public List<Node> list() {
                return lister.list();
            }
        };
        NodeCidrs writer = (node, cidrs) -> Named.node(ctx.client(), node).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"podCIDR\":\"" + cidrs.getFirst() + "\",\"podCIDRs\":[\"" + String.join("\",\"", cidrs) + "\"]}}");
        var ipam = new NodeIpamController(sets, nodeLister, writer, ctx.recorder(COMPONENT));
        WorkQueue queue = ctx.workQueue("cidrallocator_node");
        informer.addEventHandler(new EnqueueHandler<Node>(queue, n -> n.getMetadata().getName()));
        Controller controller = new Controller(NAME, queue, ipam::sync, List.of(informer::hasSynced));
        return controller.beforeWorkers(ipam::occupyExisting);
    }

    /** Marks the subnets nodes already hold as taken, before any node is given one (upstream's start-up pass). */
    void occupyExisting() {
        for (Node node : nodes.list()) {
            List<String> cidrs = podCidrs(node);
            if (!cidrs.isEmpty()) occupy(node, cidrs);
        }
    }

    void sync(String name) {
        Node node = nodes.get(name);
        Allocation held = allocated.get(name);
        if (node == null) {
            if (held != null) {
                release(held.cidrs());
                allocated.remove(name);
                log.info("Released podCIDRs {} of deleted node {}", held.cidrs(), name);
            }
            return;
        }
        String uid = Objects.requireNonNullElse(node.getMetadata().getUid(), "");
        if (held != null && !held.uid().equals(uid)) {
            release(held.cidrs());
            allocated.remove(name);
            held = null;
        }
        List<String> has = podCidrs(node);
        if (!has.isEmpty()) {
            if (held == null) occupy(node, has);
            return;
        }
        // Written but not yet in the cache: the next event will carry it.
        if (held != null) return;
        List<String> cidrs = new ArrayList<>();
        for (CidrSet set : sets) {
            var next = set.allocateNext();
            if (next.isEmpty()) {
                release(cidrs);
                recorder.event(node, EventRecorder.NORMAL, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
                throw new IllegalStateException("failed to allocate cidr from cluster cidr " + set.clusterCidr()
                        + ": CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
            }
            cidrs.add(next.get());
        }
        try {
            writer.set(name, cidrs);
        } catch (RuntimeException e) {
            release(cidrs);
            recorder.event(node, EventRecorder.WARNING, "CIDRAssignmentFailed", "Node " + name + " status is now: CIDRAssignmentFailed");
            throw e;
        }
        allocated.put(name, new Allocation(uid, List.copyOf(cidrs)));
        log.info("Set node {} PodCIDR to {}", name, cidrs);
    }

    private void occupy(Node node, List<String> cidrs) {
        for (String cidr : cidrs) {
            for (CidrSet set : sets) {
                if (set.covers(cidr)) set.occupy(cidr);
            }
        }
        allocated.put(node.getMetadata().getName(),
                new Allocation(Objects.requireNonNullElse(node.getMetadata().getUid(), ""), List.copyOf(cidrs)));
    }

    private void release(List<String> cidrs) {
        for (String cidr : cidrs) {
            for (CidrSet set : sets) {
                if (set.covers(cidr)) set.release(cidr);
            }
        }
    }

    static List<String> podCidrs(Node node) {
        if (node.getSpec() == null) return List.of();
        List<String> cidrs = node.getSpec().getPodCIDRs();
        if (cidrs != null && !cidrs.isEmpty()) return List.copyOf(cidrs);
        String one = node.getSpec().getPodCIDR();
        return one == null || one.isEmpty() ? List.of() : List.of(one);
    }
}
