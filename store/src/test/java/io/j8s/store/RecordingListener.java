package io.j8s.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A watch listener that records what it is given and checks the listener contract as it goes:
 * batches are never empty and ascending, calls never overlap, nothing comes after onError.
 */
final class RecordingListener implements WatchListener {

    private final List<List<WatchEvent>> batches = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private StoreException error;
    private int errorCalls;

    @Override
    public void onEvents(List<WatchEvent> events) {
        enter("onEvents");
        try {
            synchronized (this) {
                if (errorCalls > 0) {
                    violations.add("onEvents after onError");
                }
                if (events.isEmpty()) {
                    violations.add("empty batch");
                }
                long last = lastRevision();
                for (WatchEvent e : events) {
                    if (e.revision() < last) {
                        violations.add("revision " + e.revision() + " after " + last);
                    }
                    last = e.revision();
                }
                batches.add(List.copyOf(events));
            }
        } finally {
            inCall.set(false);
        }
    }

    @Override
    public void onError(StoreException e) {
        enter("onError");
        try {
            synchronized (this) {
                errorCalls++;
                if (errorCalls > 1) {
                    violations.add("onError called " + errorCalls + " times");
                }
                error = e;
            }
        } finally {
            inCall.set(false);
        }
    }

    private void enter(String call) {
        if (!inCall.compareAndSet(false, true)) {
            synchronized (this) {
                violations.add(call + " overlapped another call");
            }
        }
    }

    synchronized List<List<WatchEvent>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<WatchEvent> events() {
        return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<Long> revisions() {
        return events().stream().map(WatchEvent::revision).toList();
    }

    synchronized long lastRevision() {
        return batches.isEmpty() ? 0 : batches.getLast().getLast().revision();
    }

    synchronized StoreException error() {
        return error;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Waits until an event at {@code revision} or later arrived; returns every event so far. */
    List<WatchEvent> awaitRevision(long revision) {
        Poll.until("an event at revision " + revision + " arrives", Poll.DEFAULT_TIMEOUT,
                () -> lastRevision() >= revision || error() != null, this::describe);
        if (lastRevision() < revision) {
            throw new AssertionError("watch ended before revision " + revision + ": " + describe());
        }
        return events();
    }

    List<WatchEvent> awaitEvents(int count) {
        Poll.until(count + " events arrive", Poll.DEFAULT_TIMEOUT,
                () -> events().size() >= count || error() != null, this::describe);
        return events();
    }

    StoreException awaitError() {
        Poll.until("the watch fails", Poll.DEFAULT_TIMEOUT, () -> error() != null, this::describe);
        return error();
    }

    synchronized String describe() {
        return "(received " + events().size() + " events up to revision " + lastRevision()
                + (error != null ? ", error " + error : "") + (violations.isEmpty() ? "" : ", violations " + violations) + ")";
    }
}
