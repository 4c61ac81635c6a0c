package io.j8s.controllers;

import io.j8s.controllers.runtime.Controller;
import java.util.Optional;
import java.util.function.Function;

/**
 * A controller the manager knows by name (upstream's {@code ControllerDescriptor}): whether
 * {@code *} turns it on, and how it is built; the factory answers empty when its own flags leave
 * it off ({@code nodeipam} without {@code --allocate-node-cidrs}).
 */
public record ControllerDescriptor(String name, boolean enabledByDefault, Function<ControllerContext, Optional<Controller>> factory) {
}
