package io.j8s.store;

/** A running watch. Closing it stops delivery; no callback starts after close returns. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
