package io.j8s.scheduler.framework.runtime;

import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.EventRecorder;
import io.j8s.scheduler.framework.NodeInfoLister;
import io.j8s.scheduler.framework.Parallelizer;
import io.j8s.scheduler.framework.PodActions;
import io.j8s.scheduler.framework.PodNominator;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every profile's framework shares: the scheduler's one snapshot (updated in place each
 * cycle), the informers' listers, the API writes, the nominator, the worker pool, the clock.
 *
 * @param recorders the event recorder of each profile, by schedulerName (its reportingController)
 */
public record Parts(NodeInfoLister snapshot, ClusterLister lister, PodActions podActions, Function<String, EventRecorder> recorders,
                    PodNominator nominator, Parallelizer parallelizer, Clock clock) {}
