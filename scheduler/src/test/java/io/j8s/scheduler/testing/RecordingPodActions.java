package io.j8s.scheduler.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.PodActions;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** PodActions that write nothing and remember what was asked: "bind ns/p node", "preempt ns/v by ns/p", "clear ns/p". */
public final class RecordingPodActions implements PodActions {

    public final List<String> actions = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Status bind(Pod pod, String nodeName) {
        actions.add("bind " + Pods.key(pod) + " " + nodeName);
        return Status.SUCCESS;
    }

    @Override
    public Status preempt(Pod victim, Pod preemptor) {
        actions.add("preempt " + Pods.key(victim) + " by " + Pods.key(preemptor));
        return Status.SUCCESS;
    }

    @Override
    public void clearNominatedNodeName(Pod pod) {
        actions.add("clear " + Pods.key(pod));
    }
}
