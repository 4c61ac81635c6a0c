package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.j8s.kubelet.util.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events as "Type Reason message" lines. */
public final class RecordingEvents implements EventRecorder {

    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(HasMetadata object, String fieldPath, String type, String reason, String message) {
        events.add(type + " " + reason + " " + message);
    }

    public List<String> reasons() {
        return events.stream().map(e -> e.split(" ")[1]).toList();
    }

    public List<String> withReason(String reason) {
        return events.stream().filter(e -> e.split(" ")[1].equals(reason)).toList();
    }
}
