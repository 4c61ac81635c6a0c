package io.j8s.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A contract test run once per available backend (see {@link Backends}); each run is shown by
 * the backend's name, e.g. {@code [embedded]}. The test takes a {@link Backends.Id} as its first
 * parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{0}]")
@MethodSource("io.j8s.store.Backends#available")
public @interface EachBackend {}
