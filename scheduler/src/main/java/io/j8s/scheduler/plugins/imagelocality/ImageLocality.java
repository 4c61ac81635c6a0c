package io.j8s.scheduler.plugins.imagelocality;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefers nodes that already have the pod's images, by size, discounted by how many nodes have
 * them (so one image everywhere does not pull every pod to the same place): upstream's scores
 * between 23 MB and 1000 MB per container.
 */
public final class ImageLocality implements ScorePlugin {

    public static final String NAME = "ImageLocality";
    static final long MB = 1024 * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    private final Handle handle;

    ImageLocality(Handle handle) {
        this.handle = handle;
    }

    public static Plugin factory(JsonNode args, Handle handle) {
        return new ImageLocality(handle);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        if (nodeInfo.imageStates().isEmpty()) return 0;
        int totalNodes = handle.snapshot().list().size();
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) containers.addAll(pod.getSpec().getInitContainers());
        if (pod.getSpec().getContainers() != null) containers.addAll(pod.getSpec().getContainers());
        long sum = 0;
        for (Container c : containers) {
            NodeInfo.ImageStateSummary s = nodeInfo.imageStates().get(normalizedImageName(c.getImage()));
            if (s != null && totalNodes > 0) sum += (long) (s.size() * ((double) s.numNodes() / totalNodes));
        }
        return calculatePriority(sum, containers.size());
    }

    static long calculatePriority(long sum, int containers) {
        long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
        if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
        else if (sum > max) sum = max;
        return MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }

    /** An image without a tag or digest means :latest, as the node reports it. */
    static String normalizedImageName(String image) {
        if (image == null) return "";
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        if (!last.contains(":") && !last.contains("@")) return image + ":latest";
        return image;
    }
}
