package io.j8s.controllers.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every controller runs (sample-controller's {@code Run}/{@code processNextWorkItem}):
 * wait for the informer caches, then {@code workers} threads take keys from the queue and hand
 * them to the reconciler; an error re-queues the key rate-limited, a success forgets its failures.
 */
public final class Controller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    /** How often the start polls the caches for their first full list. */
    private static final Duration SYNC_POLL = Duration.ofMillis(50);

    private final String name;
    private final WorkQueue queue;
    private final Reconciler reconciler;
    private final List<BooleanSupplier> cachesSynced;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;
    private Runnable beforeWorkers = () -> { };

    public Controller(String name, WorkQueue queue, Reconciler reconciler, List<BooleanSupplier> cachesSynced) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.cachesSynced = List.copyOf(cachesSynced);
    }

    public String name() {
        return name;
    }

    public WorkQueue queue() {
        return queue;
    }

    /**
     * Runs {@code step} once the caches have synced and before any worker starts: an allocator
     * rebuilding what is taken from the cache, for one. Returns this controller.
     */
    public Controller beforeWorkers(Runnable step) {
        this.beforeWorkers = step;
        return this;
    }

    /** Starts {@code workers} threads once the caches have synced; returns at once. */
    public synchronized void run(int workers) {
        Thread starter = Thread.ofVirtual().name(name + "-start").start(() -> {
            try {
                while (!stopped && !cachesSynced.stream().allMatch(BooleanSupplier::getAsBoolean)) {
                    Thread.sleep(SYNC_POLL);
                }
                if (stopped) return;
                beforeWorkers.run();
                log.info("Started controller {} with {} workers", name, workers);
                synchronized (this) {
                    for (int i = 0; i < workers && !stopped; i++) {
                        this.workers.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::worker));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        this.workers.add(starter);
    }

    private void worker() {
        try {
            while (processNextWorkItem()) {
                // until the queue shuts down
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One key through the reconciler; false once the queue is shut down. Package-private for tests. */
    boolean processNextWorkItem() throws InterruptedException {
        Optional<String> next = queue.get();
        if (next.isEmpty()) return false;
        handle(next.get());
        return true;
    }

    /** Syncs {@code key} and settles it in the queue; the caller took it from the queue. */
    public void handle(String key) {
        try {
            reconciler.sync(key);
            queue.forget(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Expected outcomes (a conflict, a server not yet reachable) are retried quietly.
            log.info("{}: error syncing {}: {}; requeuing", name, key, e.toString());
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    @Override
    public synchronized void close() {
        stopped = true;
        queue.shutDown();
        for (Thread t : workers) t.interrupt();
    }
}
