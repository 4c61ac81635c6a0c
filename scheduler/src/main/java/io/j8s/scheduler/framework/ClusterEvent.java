package io.j8s.scheduler.framework;

/**
 * Something that changed in the cluster, as the scheduling queue sees it: which kind of object and
 * what happened to it (a bit set of {@link ActionType}s). An event {@link #matches} a registered
 * one when the resource is the same (or the registered one is the wildcard) and an action overlaps.
 */
public record ClusterEvent(Resource resource, int actionType, String label) {

    /** The objects whose changes the queue reacts to. */
    public enum Resource { Pod, AssignedPod, Node, PersistentVolume, PersistentVolumeClaim, StorageClass, Namespace, WildCard }

    public static final ClusterEvent ASSIGNED_POD_ADD = new ClusterEvent(Resource.AssignedPod, ActionType.ADD, "AssignedPodAdd");
    public static final ClusterEvent ASSIGNED_POD_UPDATE = new ClusterEvent(Resource.AssignedPod, ActionType.UPDATE, "AssignedPodUpdate");
    public static final ClusterEvent ASSIGNED_POD_DELETE = new ClusterEvent(Resource.AssignedPod, ActionType.DELETE, "AssignedPodDelete");
    public static final ClusterEvent NODE_ADD = new ClusterEvent(Resource.Node, ActionType.ADD, "NodeAdd");
    public static final ClusterEvent NODE_DELETE = new ClusterEvent(Resource.Node, ActionType.DELETE, "NodeDelete");
    /** Pods left in the unschedulable queue too long, moved whatever happened. */
    public static final ClusterEvent UNSCHEDULABLE_TIMEOUT = new ClusterEvent(Resource.WildCard, ActionType.ALL, "UnschedulableTimeout");
    /** A pod was forgotten after a failed bind: what it held is free again. */
    public static final ClusterEvent FORGET_POD = new ClusterEvent(Resource.WildCard, ActionType.ALL, "ForgetPod");

    public ClusterEvent(Resource resource, int actionType) {
        this(resource, actionType, resource + "/" + ActionType.toString(actionType));
    }

    /** Whether this registered event covers {@code happened}. */
    public boolean matches(ClusterEvent happened) {
        boolean resource = this.resource == Resource.WildCard || happened.resource == Resource.WildCard
                || this.resource == happened.resource
                // a registration for pods covers assigned pods, as upstream's Pod resource does
                || (this.resource == Resource.Pod && happened.resource == Resource.AssignedPod);
        return resource && (actionType & happened.actionType) != 0;
    }

    /** The action bits, upstream's ActionType. */
    public static final class ActionType {
        public static final int ADD = 1;
        public static final int DELETE = 1 << 1;
        public static final int UPDATE_NODE_ALLOCATABLE = 1 << 2;
        public static final int UPDATE_NODE_LABEL = 1 << 3;
        public static final int UPDATE_NODE_TAINT = 1 << 4;
        public static final int UPDATE_NODE_CONDITION = 1 << 5;
        public static final int UPDATE_NODE_ANNOTATION = 1 << 6;
        public static final int UPDATE_POD_LABEL = 1 << 7;
        public static final int UPDATE_POD_SCALE_DOWN = 1 << 8;
        public static final int UPDATE_POD_OTHER = 1 << 9;
        public static final int UPDATE = UPDATE_NODE_ALLOCATABLE | UPDATE_NODE_LABEL | UPDATE_NODE_TAINT | UPDATE_NODE_CONDITION
                | UPDATE_NODE_ANNOTATION | UPDATE_POD_LABEL | UPDATE_POD_SCALE_DOWN | UPDATE_POD_OTHER;
        public static final int ALL = ADD | DELETE | UPDATE;

        private ActionType() {}

        static String toString(int bits) {
            if (bits == ALL) return "*";
            StringBuilder b = new StringBuilder();
            String[] names = {"Add", "Delete", "UpdateNodeAllocatable", "UpdateNodeLabel", "UpdateNodeTaint", "UpdateNodeCondition",
                    "UpdateNodeAnnotation", "UpdatePodLabel", "UpdatePodScaleDown", "UpdatePodOther"};
            for (int i = 0; i < names.length; i++) {
                if ((bits & (1 << i)) != 0) b.append(b.isEmpty() ? "" : "|").append(names[i]);
            }
            return b.toString();
        }
    }
}
