package io.j8s.controllers.runtime;

import java.util.function.Supplier;

/**
 * Where work queues report to (client-go's {@code workqueue.MetricsProvider}): one set of
 * instruments per queue name. {@link #NONE} for tests and for queues nobody scrapes.
 */
public interface MetricsProvider {

    /**
     * The instruments of the queue {@code name}; {@code unfinished} answers, whenever read, the
     * work its workers have started and not finished.
     */
    Instruments queue(String name, Supplier<UnfinishedWork> unfinished);

    /** Reports nothing. */
    MetricsProvider NONE = (name, unfinished) -> null;

    /** The raw instruments of one queue: {@link QueueMetrics} decides what to report when. */
    interface Instruments {
        /** A key entered the queue: {@code workqueue_adds_total} and {@code workqueue_depth} rise. */
        void added();

        /** A key left the queue for a worker: the depth falls; it waited {@code queuedSeconds} (NaN: unknown). */
        void taken(double queuedSeconds);

        /** A worker finished a key after {@code workSeconds}. */
        void finished(double workSeconds);

        /** A key was added after a delay: {@code workqueue_retries_total} rises. */
        void retried();
    }

    /**
     * @param totalSeconds   the seconds spent so far by every key being processed ({@code workqueue_unfinished_work_seconds})
     * @param longestSeconds the longest of them ({@code workqueue_longest_running_processor_seconds})
     */
    record UnfinishedWork(double totalSeconds, double longestSeconds) {
        public static final UnfinishedWork NONE = new UnfinishedWork(0, 0);
    }
}
