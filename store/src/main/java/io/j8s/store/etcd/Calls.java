package io.j8s.store.etcd;

import io.j8s.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for jetcd's futures. jetcd retries an unreachable etcd for as long as it is let, so every
 * wait is bounded: a store call either answers or fails within the request timeout.
 */
final class Calls {

    private final Duration timeout;

    Calls(Duration timeout) {
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** @throws EtcdFailure when etcd answered with an error */
    <T> T await(String what, CompletableFuture<T> future) {
        return await(what, future, timeout);
    }

    <T> T await(String what, CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw EtcdFailure.of(what, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreException(what + ": etcd did not answer within " + limit, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException(what + ": interrupted while waiting for etcd", e);
        }
    }
}
