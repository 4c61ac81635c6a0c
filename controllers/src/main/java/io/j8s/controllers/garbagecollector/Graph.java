package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upstream's {@code GraphBuilder}: the ownerReferences of every watched object as a graph, kept
 * from informer events. An owner referred to but not (yet) seen is a virtual node, to be checked
 * against the API. Each change that may let something be collected puts its node on the
 * attempt-to-delete queue; an object deleted with the orphan finalizer goes on the
 * attempt-to-orphan queue. All under the graph's lock.
 */
final class Graph {

    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    static final class Node {
        Identity identity;
        List<OwnerReference> owners = List.of();
        final Set<Node> dependents = new LinkedHashSet<>();
        boolean beingDeleted;
        boolean deletingDependents;
        boolean virtual;

        Node(Identity identity) {
            this.identity = identity;
        }

        /** The dependents whose reference to this node blocks its foreground deletion. */
        List<Node> blockingDependents() {
            List<Node> out = new ArrayList<>();
            for (Node d : dependents) {
                for (OwnerReference r : d.owners) {
                    if (Objects.equals(r.getUid(), identity.uid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion())) out.add(d);
                }
            }
            return out;
        }
    }

    private final Map<String, Node> uidToNode = new HashMap<>();
    private final Consumer<String> attemptToDelete;
    private final Consumer<String> attemptToOrphan;

    /** The queues take uids. */
    Graph(Consumer<String> attemptToDelete, Consumer<String> attemptToOrphan) {
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
    }

    synchronized Node node(String uid) {
        return uidToNode.get(uid);
    }

    synchronized int size() {
        return uidToNode.size();
    }

    /** A copy of a node's dependents (the graph changes under other threads). */
    synchronized List<Node> dependents(Node n) {
        return List.copyOf(n.dependents);
    }

    synchronized List<Node> blockingDependents(Node n) {
        return n.blockingDependents();
    }

    synchronized boolean isDeletingDependents(Node n) {
        return n.deletingDependents;
    }

    /** An object added or updated, as its informer saw it. */
    synchronized void upsert(Identity.View v) {
        Node existing = uidToNode.get(v.identity().uid());
        boolean deletingDependents = v.beingDeleted() && v.hasFinalizer(FOREGROUND);
        if (existing == null) {
            Node n = new Node(v.identity());
            n.owners = v.owners();
            n.beingDeleted = v.beingDeleted();
            n.deletingDependents = deletingDependents;
            uidToNode.put(n.identity.uid(), n);
            addToOwners(n, n.owners);
            transitions(n, v);
            return;
        }
        if (existing.virtual) {
            // Observed at last: the real coordinates replace those guessed from a reference.
            existing.virtual = false;
            existing.identity = v.identity();
        }
        List<OwnerReference> old = existing.owners;
        if (!sameOwners(old, v.owners())) {
            existing.owners = v.owners();
            List<OwnerReference> removed = missingFrom(old, v.owners());
            List<OwnerReference> added = missingFrom(v.owners(), old);
            // An owner waiting for this dependent no longer has to once the reference went or stopped blocking.
            for (OwnerReference r : old) {
                Node owner = uidToNode.get(r.getUid());
                if (owner != null && owner.deletingDependents) attemptToDelete.accept(owner.identity.uid());
            }
            removeFromOwners(existing, removed);
            addToOwners(existing, added);
        }
        if (v.beingDeleted()) existing.beingDeleted = true;
        if (deletingDependents) existing.deletingDependents = true;
        transitions(existing, v);
    }

    /** An object gone: its dependents may now be orphans to collect, and an owner waiting for it may finish. */
    synchronized void delete(String uid) {
        Node n = uidToNode.remove(uid);
        if (n == null) return;
        removeFromOwners(n, n.owners);
        for (Node d : n.dependents) attemptToDelete.accept(d.identity.uid());
        for (OwnerReference r : n.owners) {
            Node owner = uidToNode.get(r.getUid());
            if (owner != null && owner.deletingDependents) attemptToDelete.accept(owner.identity.uid());
        }
    }

    /** A virtual node found absent in the API: drop it, as upstream's virtual delete event. */
    synchronized void deleteVirtual(String uid) {
        Node n = uidToNode.get(uid);
        if (n != null && n.virtual) delete(uid);
        else if (n != null) {
            // Seen by an informer but gone from the API: its informer's delete will come; the dependents may go now.
            for (Node d : n.dependents) attemptToDelete.accept(d.identity.uid());
        }
    }

    private void transitions(Node n, Identity.View v) {
        if (v.beingDeleted() && v.hasFinalizer(ORPHAN)) {
            attemptToOrphan.accept(n.identity.uid());
            return;
        }
        if (v.beingDeleted() && v.hasFinalizer(FOREGROUND)) {
            n.deletingDependents = true;
            for (Node d : n.dependents) attemptToDelete.accept(d.identity.uid());
            attemptToDelete.accept(n.identity.uid());
        }
    }

    private void addToOwners(Node n, List<OwnerReference> owners) {
        for (OwnerReference r : owners) {
            Node owner = uidToNode.get(r.getUid());
            if (owner == null) {
                // The owner's namespace is the dependent's until its informer (or the API) says otherwise.
                owner = new Node(new Identity(r.getApiVersion(), r.getKind(), n.identity.namespace(), r.getName(), r.getUid()));
                owner.virtual = true;
                uidToNode.put(r.getUid(), owner);
                attemptToDelete.accept(r.getUid());
            }
            owner.dependents.add(n);
        }
    }

    private void removeFromOwners(Node n, List<OwnerReference> owners) {
        for (OwnerReference r : owners) {
            Node owner = uidToNode.get(r.getUid());
            if (owner != null) owner.dependents.remove(n);
        }
    }

    private static boolean sameOwners(List<OwnerReference> a, List<OwnerReference> b) {
        return a.size() == b.size() && missingFrom(a, b).isEmpty() && a.equals(b);
    }

    private static List<OwnerReference> missingFrom(List<OwnerReference> these, List<OwnerReference> in) {
        List<OwnerReference> out = new ArrayList<>();
        for (OwnerReference r : these) {
            if (in.stream().noneMatch(x -> Objects.equals(x.getUid(), r.getUid()))) out.add(r);
        }
        return out;
    }
}
