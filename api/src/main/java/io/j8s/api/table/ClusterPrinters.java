package io.j8s.api.table;

import static io.j8s.api.table.Fields.age;
import static io.j8s.api.table.Fields.list;
import static io.j8s.api.table.Fields.name;
import static io.j8s.api.table.Fields.num;
import static io.j8s.api.table.Fields.present;
import static io.j8s.api.table.Fields.str;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smaller groups: rbac.authorization.k8s.io bindings, certificates.k8s.io,
 * coordination.k8s.io, discovery.k8s.io, policy and scheduling.k8s.io. (Roles and ClusterRoles
 * have no printer upstream; they get the default Name / Created At table.)
 */
final class ClusterPrinters {

    private ClusterPrinters() {}

    static Map<String, Printer> all() {
        return Map.of(
                "rbac.authorization.k8s.io/RoleBinding", binding(Docs.ROLE_BINDING_ROLE_REF, "roleBinding"),
                "rbac.authorization.k8s.io/ClusterRoleBinding", binding(Docs.CLUSTER_ROLE_BINDING_ROLE_REF, "clusterRoleBinding"),
                "certificates.k8s.io/CertificateSigningRequest", new Printer(List.of(
                        Column.NAME,
                        Column.AGE,
                        Column.string("SignerName", Docs.CERTIFICATE_SIGNING_REQUEST_SPEC_SIGNER_NAME),
                        Column.string("Requestor", Docs.CERTIFICATE_SIGNING_REQUEST_SPEC_REQUEST),
                        Column.string("RequestedDuration", Docs.CERTIFICATE_SIGNING_REQUEST_SPEC_EXPIRATION_SECONDS),
                        Column.string("Condition", Docs.CERTIFICATE_SIGNING_REQUEST_STATUS_CONDITIONS)),
                        ClusterPrinters::certificateSigningRequest),
                "coordination.k8s.io/Lease", new Printer(List.of(
                        Column.NAME, Column.string("Holder", Docs.LEASE_SPEC_HOLDER_IDENTITY), Column.AGE),
                        (o, now) -> Row.of(name(o), str(o, "spec", "holderIdentity"), age(o, now))),
                "discovery.k8s.io/EndpointSlice", new Printer(List.of(
                        Column.NAME,
                        Column.string("AddressType", Docs.ENDPOINT_SLICE_ADDRESS_TYPE),
                        Column.string("Ports", Docs.ENDPOINT_SLICE_PORTS),
                        Column.string("Endpoints", Docs.ENDPOINT_SLICE_ENDPOINTS),
                        Column.AGE),
                        (o, now) -> Row.of(name(o), str(o, "addressType"), slicePorts(o), sliceEndpoints(o), age(o, now))),
                "policy/PodDisruptionBudget", new Printer(List.of(
                        Column.NAME,
                        Column.string("Min Available", "The minimum number of pods that must be available."),
                        Column.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
                        Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                        Column.AGE),
                        (o, now) -> Row.of(name(o), orNA(o, "spec", "minAvailable"), orNA(o, "spec", "maxUnavailable"),
                                num(o, "status", "disruptionsAllowed"), age(o, now))),
                "scheduling.k8s.io/PriorityClass", new Printer(List.of(
                        Column.NAME,
                        Column.integer("Value", Docs.PRIORITY_CLASS_VALUE),
                        Column.bool("Global-Default", Docs.PRIORITY_CLASS_GLOBAL_DEFAULT),
                        Column.AGE,
                        Column.string("PreemptionPolicy", Docs.PRIORITY_CLASS_PREEMPTION_POLICY)),
                        (o, now) -> Row.of(name(o), num(o, "value"), Fields.bool(o, "globalDefault"), age(o, now),
                                str(o, "preemptionPolicy"))));
    }

    private static Printer binding(String roleRefDoc, String what) {
        return new Printer(List.of(
                Column.NAME,
                Column.string("Role", roleRefDoc),
                Column.AGE,
                Column.wide("Users", "Users in the " + what),
                Column.wide("Groups", "Groups in the " + what),
                Column.wide("ServiceAccounts", "ServiceAccounts in the " + what)),
                ClusterPrinters::binding);
    }

    /** A RoleBinding or ClusterRoleBinding: its role as {@code Kind/name}, then its subjects. */
    static Row binding(JsonNode b, Instant now) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode s : list(b, "subjects")) {
            switch (str(s, "kind")) {
                case "ServiceAccount" -> serviceAccounts.add(str(s, "namespace") + "/" + str(s, "name"));
                case "User" -> users.add(str(s, "name"));
                case "Group" -> groups.add(str(s, "name"));
                default -> { } // upstream drops other kinds from the table
            }
        }
        return Row.of(name(b), str(b, "roleRef", "kind") + "/" + str(b, "roleRef", "name"), age(b, now),
                String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
    }

    static Row certificateSigningRequest(JsonNode csr, Instant now) {
        String signer = str(csr, "spec", "signerName");
        String requested = present(csr, "spec", "expirationSeconds")
                ? HumanDuration.format(Duration.ofSeconds(num(csr, "spec", "expirationSeconds"))) : "<none>";
        return Row.of(name(csr), age(csr, now), signer.isEmpty() ? "<none>" : signer, str(csr, "spec", "username"),
                requested, csrStatus(csr));
    }

    /** upstream's {@code extractCSRStatus}: Denied over Approved over Pending, then Failed, Issued. */
    private static String csrStatus(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : list(csr, "status", "conditions")) {
            switch (str(c, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!str(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    /** upstream's {@code formatDiscoveryPorts}: three ports (number, else name, else *), then a count. */
    private static String slicePorts(JsonNode slice) {
        List<String> shown = new ArrayList<>();
        List<JsonNode> ports = list(slice, "ports");
        for (JsonNode p : ports) {
            if (shown.size() < 3) {
                shown.add(present(p, "port") ? String.valueOf(num(p, "port")) : present(p, "name") ? str(p, "name") : "*");
            }
        }
        return withMore(shown, ports.size());
    }

    /** upstream's {@code formatDiscoveryEndpoints}: three addresses, then a count. */
    private static String sliceEndpoints(JsonNode slice) {
        List<String> shown = new ArrayList<>();
        int count = 0;
        for (JsonNode e : list(slice, "endpoints")) {
            for (JsonNode address : list(e, "addresses")) {
                if (shown.size() < 3) {
                    shown.add(address.asText());
                }
                count++;
            }
        }
        return withMore(shown, count);
    }

    /** upstream's {@code listWithMoreString}, with the list cut at three. */
    private static String withMore(List<String> shown, int count) {
        String joined = String.join(",", shown);
        if (count > 3) {
            return joined + " + " + (count - 3) + " more...";
        }
        return joined.isEmpty() ? "<unset>" : joined;
    }

    private static String orNA(JsonNode node, String... path) {
        return present(node, path) ? Fields.intOrString(node, path) : "N/A";
    }
}
