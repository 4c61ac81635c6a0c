package io.j8s.scheduler.framework.runtime;

import io.j8s.scheduler.framework.Status;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A pod held at Permit: allowed once every waiting plugin allows it, rejected by any one. */
public final class WaitingPod {

    private final Set<String> pending;
    private final CompletableFuture<Status> outcome = new CompletableFuture<>();

    WaitingPod(Set<String> plugins) {
        this.pending = new HashSet<>(plugins);
    }

    public synchronized void allow(String plugin) {
        pending.remove(plugin);
        if (pending.isEmpty()) outcome.complete(Status.SUCCESS);
    }

    public void reject(String plugin, String message) {
        outcome.complete(Status.unschedulable(message).withPlugin(plugin));
    }

    CompletableFuture<Status> outcome() {
        return outcome;
    }
}
