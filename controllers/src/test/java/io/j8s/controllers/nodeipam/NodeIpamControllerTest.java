package io.j8s.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.j8s.controllers.runtime.EventRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIpamControllerTest {

    /** The Node cache, by hand. */
    final Map<String, Node> cache = new LinkedHashMap<>();
    /** "node=cidrs" of every write, in order. */
    final List<String> writes = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    boolean failWrites;

    final NodeIpamController.NodeLister lister = new NodeIpamController.NodeLister() {
        @Override
        public Node get(String name) {
            return cache.get(name);
        }

        @Override
        public List<Node> list() {
            return List.copyOf(cache.values());
        }
    };

    NodeIpamController controller(String... clusterCidrs) {
        List<CidrSet> sets = new ArrayList<>();
        for (String c : clusterCidrs) sets.add(new CidrSet(c, c.contains(":") ? 64 : 24));
        return new NodeIpamController(sets, lister, (node, cidrs) -> {
            if (failWrites) throw new IllegalStateException("the server said no");
            writes.add(node + "=" + cidrs);
            // As the API would: the next read of the cache shows the write.
            Node n = cache.get(node);
            cache.put(node, new NodeBuilder(n).editOrNewSpec().withPodCIDR(cidrs.getFirst()).withPodCIDRs(cidrs).endSpec().build());
        }, new EventRecorder() {
            @Override
            public void event(HasMetadata object, String type, String reason, String message) {
                events.add(type + " " + reason + " " + message);
            }
        });
    }

    static Node node(String name, String uid, String... podCidrs) {
        var b = new NodeBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata();
        if (podCidrs.length > 0) b.withNewSpec().withPodCIDR(podCidrs[0]).withPodCIDRs(podCidrs).endSpec();
        return b.build();
    }

    @Test
    void eachNewNodeGetsTheNextFreeSubnetOnce() {
        var ipam = controller("10.244.0.0/16");
        cache.put("node-1", node("node-1", "u1"));
        cache.put("node-2", node("node-2", "u2"));
        ipam.sync("node-1");
        ipam.sync("node-2");
        ipam.sync("node-1");
        assertThat(writes).containsExactly("node-1=[10.244.0.0/24]", "node-2=[10.244.1.0/24]");
    }

    @Test
    void subnetsNodesAlreadyHaveAreNotHandedOutAgain() {
        cache.put("old", node("old", "u0", "10.244.0.0/24"));
        cache.put("new", node("new", "u1"));
        var ipam = controller("10.244.0.0/16");
        ipam.occupyExisting();
        ipam.sync("new");
        assertThat(writes).containsExactly("new=[10.244.1.0/24]");
    }

    @Test
    void aDeletedNodesSubnetGoesBackToThePool() {
        var ipam = controller("10.0.0.0/23");
        cache.put("a", node("a", "u1"));
        cache.put("b", node("b", "u2"));
        ipam.sync("a");
        ipam.sync("b");
        cache.remove("a");
        ipam.sync("a");
        cache.put("c", node("c", "u3"));
        ipam.sync("c");
        assertThat(writes).containsExactly("a=[10.0.0.0/24]", "b=[10.0.1.0/24]", "c=[10.0.0.0/24]");
    }

    @Test
    void aNodeRecreatedUnderTheSameNameGetsAFreshSubnet() {
        var ipam = controller("10.0.0.0/23");
        cache.put("a", node("a", "u1"));
        ipam.sync("a");
        // Deleted and made again between two syncs: the queue saw one key.
        cache.put("a", node("a", "u2"));
        ipam.sync("a");
        assertThat(writes).containsExactly("a=[10.0.0.0/24]", "a=[10.0.1.0/24]");
    }

    @Test
    void dualStackGivesOneSubnetPerFamily() {
        var ipam = controller("10.244.0.0/16", "fd00:10:244::/56");
        cache.put("a", node("a", "u1"));
        ipam.sync("a");
        assertThat(writes).containsExactly("a=[10.244.0.0/24, fd00:10:244::/64]");
    }

    @Test
    void runningOutIsAnEventAndAnErrorToRetry() {
        var ipam = controller("10.0.0.0/24");
        cache.put("a", node("a", "u1"));
        cache.put("b", node("b", "u2"));
        ipam.sync("a");
        assertThatThrownBy(() -> ipam.sync("b")).hasMessageContaining("no remaining CIDRs left to allocate");
        assertThat(events).containsExactly("Normal CIDRNotAvailable Node b status is now: CIDRNotAvailable");
        cache.remove("a");
        ipam.sync("a");
        ipam.sync("b");
        assertThat(writes).containsExactly("a=[10.0.0.0/24]", "b=[10.0.0.0/24]");
    }

    @Test
    void aFailedWriteGivesTheSubnetBack() {
        var ipam = controller("10.0.0.0/24");
        cache.put("a", node("a", "u1"));
        failWrites = true;
        assertThatThrownBy(() -> ipam.sync("a")).hasMessage("the server said no");
        assertThat(events).containsExactly("Warning CIDRAssignmentFailed Node a status is now: CIDRAssignmentFailed");
        failWrites = false;
        ipam.sync("a");
        assertThat(writes).containsExactly("a=[10.0.0.0/24]");
    }

    @Test
    void dualStackNeedsTwoFamilies() {
        assertThatThrownBy(() -> controller("10.0.0.0/16", "10.1.0.0/16")).hasMessageContaining("different IP families");
    }
}
