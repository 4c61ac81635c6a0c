package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the endpoint controllers share about Services and their pods (upstream's
 * {@code endpointslice/util} and {@code pkg/controller/util/endpoint}): which pods a Service
 * selects, which of them belong in its endpoints, a pod's port for a Service port, and which pod
 * changes matter.
 */
public final class ServicePods {

    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private ServicePods() {}

    /** A Service's selector; empty when it has none (fabric8 does not tell a missing selector from {@code {}}). */
    public static Map<String, String> selector(Service svc) {
        return svc.getSpec() == null || svc.getSpec().getSelector() == null ? Map.of() : svc.getSpec().getSelector();
    }

    /** Upstream's {@code clusterIP: None}; a Service whose ClusterIP is not yet allocated is not headless here. */
    public static boolean isHeadless(Service svc) {
        return svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
    }

    public static boolean isExternalName(Service svc) {
        return svc.getSpec() != null && "ExternalName".equals(svc.getSpec().getType());
    }

    public static boolean publishNotReadyAddresses(Service svc) {
        return svc.getSpec() != null && Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    }

    public static List<ServicePort> ports(Service svc) {
        return svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
    }

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector.isEmpty()) return false;
        for (var e : selector.entrySet()) {
            if (!Objects.equals(labels.get(e.getKey()), e.getValue())) return false;
        }
        return true;
    }

    /** The pods of the Service's namespace its selector matches. */
    public static List<Pod> selectedPods(Service svc, Lister<Pod> pods) {
        Map<String, String> sel = selector(svc);
        List<Pod> out = new ArrayList<>();
        if (sel.isEmpty()) return out;
        for (Pod p : pods.list(svc.getMetadata().getNamespace())) {
            if (matches(sel, Pods.labels(p))) out.add(p);
        }
        return out;
    }

    /** Upstream's {@code GetPodServiceMemberships}: keys of the Services with a selector matching the pod. */
    public static Set<String> memberships(Lister<Service> services, Pod pod) {
        Set<String> out = new LinkedHashSet<>();
        for (Service s : services.list(pod.getMetadata().getNamespace())) {
            if (matches(selector(s), Pods.labels(pod))) out.add(Keys.of(s));
        }
        return out;
    }

    /**
     * Upstream's {@code GetServicesToUpdateOnPodChange}: none when nothing an endpoint shows
     * changed; the old and the new memberships when the labels (or hostname) changed; else the
     * current ones.
     */
    public static Set<String> servicesToUpdate(Lister<Service> services, Pod old, Pod cur) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) return Set.of();
        boolean labelsChanged = !Objects.equals(Pods.labels(old), Pods.labels(cur)) || !Objects.equals(hostname(old), hostname(cur))
                || !Objects.equals(subdomain(old), subdomain(cur));
        if (!labelsChanged && !endpointsChanged(old, cur)) return Set.of();
        Set<String> out = memberships(services, cur);
        if (labelsChanged) out.addAll(memberships(services, old));
        return out;
    }

    /** Upstream's {@code podEndpointsChanged}, plus the phase (a finished pod leaves the endpoints). */
    static boolean endpointsChanged(Pod old, Pod cur) {
        return !Objects.equals(old.getMetadata().getDeletionTimestamp(), cur.getMetadata().getDeletionTimestamp())
                || Pods.isReady(old) != Pods.isReady(cur)
                || !Objects.equals(ips(old), ips(cur))
                || !Objects.equals(Pods.phase(old), Pods.phase(cur))
                || !Objects.equals(Pods.nodeName(old), Pods.nodeName(cur));
    }

    private static List<String> ips(Pod pod) {
        List<String> out = new ArrayList<>();
        if (pod.getStatus() == null) return out;
        if (pod.getStatus().getPodIP() != null) out.add(pod.getStatus().getPodIP());
        if (pod.getStatus().getPodIPs() != null) {
            for (PodIP ip : pod.getStatus().getPodIPs()) out.add(ip.getIp());
        }
        return out;
    }

    /** The pod's IPv4 address (j8s' Services are IPv4), or null. */
    public static String ipv4(Pod pod) {
        for (String ip : ips(pod)) {
            if (ip != null && !ip.isEmpty() && !ip.contains(":")) return ip;
        }
        return null;
    }

    /**
     * Upstream's {@code ShouldPodBeInEndpoints}: it has an IP, is not terminating (unless
     * {@code includeTerminating}) and, by its restart policy, will not run again once finished.
     */
    public static boolean shouldPodBeInEndpoints(Pod pod, boolean includeTerminating) {
        if (ips(pod).stream().allMatch(ip -> ip == null || ip.isEmpty())) return false;
        if (!includeTerminating && pod.getMetadata().getDeletionTimestamp() != null) return false;
        String policy = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
        String phase = Pods.phase(pod);
        if ("Never".equals(policy)) return !phase.equals("Failed") && !phase.equals("Succeeded");
        if ("OnFailure".equals(policy)) return !phase.equals("Succeeded");
        return true;
    }

    /** Upstream's {@code ShouldSetHostname}: the pod names a hostname and the Service as its subdomain. */
    public static boolean shouldSetHostname(Pod pod, Service svc) {
        String h = hostname(pod);
        return h != null && !h.isEmpty() && Objects.equals(subdomain(pod), svc.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), svc.getMetadata().getNamespace());
    }

    public static String hostname(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getHostname();
    }

    private static String subdomain(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getSubdomain();
    }

    public static String protocol(ServicePort sp) {
        return sp.getProtocol() == null || sp.getProtocol().isEmpty() ? "TCP" : sp.getProtocol();
    }

    /**
     * Upstream's {@code podutil.FindPort}: a numeric targetPort as is; a named one from the
     * container port of that name and the Service port's protocol (containers, then sidecar init
     * containers); empty when the pod has none. A missing targetPort means the port itself.
     */
    public static OptionalInt findPort(Pod pod, ServicePort sp) {
        IntOrString target = sp.getTargetPort();
        if (target == null || (target.getIntVal() == null && (target.getStrVal() == null || target.getStrVal().isEmpty()))) {
            return sp.getPort() == null ? OptionalInt.empty() : OptionalInt.of(sp.getPort());
        }
        if (target.getIntVal() != null) {
            return target.getIntVal() == 0 && sp.getPort() != null ? OptionalInt.of(sp.getPort()) : OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        if (name.chars().allMatch(Character::isDigit)) return OptionalInt.of(Integer.parseInt(name));
        if (pod.getSpec() == null) return OptionalInt.empty();
        String protocol = protocol(sp);
        List<Container> containers = new ArrayList<>(pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if ("Always".equals(c.getRestartPolicy())) containers.add(c);
            }
        }
        for (Container c : containers) {
            if (c.getPorts() == null) continue;
            for (ContainerPort p : c.getPorts()) {
                String pp = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
                if (name.equals(p.getName()) && protocol.equals(pp) && p.getContainerPort() != null) return OptionalInt.of(p.getContainerPort());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The pod informer's handler of both endpoint controllers: a pod's change queues every
     * Service it belongs to (or belonged to), after {@code batchPeriod}.
     */
    public static ResourceEventHandler<Pod> podHandler(Lister<Service> services, WorkQueue queue, Duration batchPeriod) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                memberships(services, pod).forEach(k -> queue.addAfter(k, batchPeriod));
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                servicesToUpdate(services, old, cur).forEach(k -> queue.addAfter(k, batchPeriod));
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                memberships(services, pod).forEach(k -> queue.addAfter(k, batchPeriod));
            }
        };
    }

    /** Whether a write was refused because its namespace is being deleted (nothing to retry). */
    public static boolean namespaceTerminating(KubernetesClientException e) {
        var status = e.getStatus();
        return status != null && status.getDetails() != null && status.getDetails().getCauses() != null
                && status.getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
}
