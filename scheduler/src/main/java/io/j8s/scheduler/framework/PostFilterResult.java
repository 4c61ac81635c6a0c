package io.j8s.scheduler.framework;

/**
 * What PostFilter decided.
 *
 * @param nominatedNodeName the node the pod is nominated to, "" to clear a nomination, null to leave it
 */
public record PostFilterResult(String nominatedNodeName, Status status) {}
