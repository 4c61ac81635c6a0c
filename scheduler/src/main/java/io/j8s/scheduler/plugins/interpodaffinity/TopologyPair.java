package io.j8s.scheduler.plugins.interpodaffinity;

/** A topology domain: a node label key and its value ("kubernetes.io/hostname" = "node-1"). */
record TopologyPair(String key, String value) {}
