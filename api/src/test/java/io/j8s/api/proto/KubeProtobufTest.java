package io.j8s.api.proto;

import static io.j8s.api.proto.FilledMessages.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.j8s.api.Json;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta.DeleteOptions;
import io.kubernetes.client.proto.Meta.FieldsV1;
import io.kubernetes.client.proto.Meta.ManagedFieldsEntry;
import io.kubernetes.client.proto.Meta.MicroTime;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Meta.Time;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime.RawExtension;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubeProtobufTest {

    record Case(String name, byte[] body, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final ObjectMeta NAMED = ObjectMeta.newBuilder().setName("x").build();

    static List<Case> decodes() {
        return List.of(
                new Case("intOrString type 0 is a number, type 1 a string",
                        envelope("v1", "Service", V1.Service.newBuilder().setMetadata(NAMED).setSpec(V1.ServiceSpec.newBuilder()
                                .addPorts(V1.ServicePort.newBuilder().setPort(80).setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080)))
                                .addPorts(V1.ServicePort.newBuilder().setPort(81).setTargetPort(IntOrString.newBuilder().setType(1).setStrVal("http")))).build()),
                        "{'kind':'Service','apiVersion':'v1','metadata':{'name':'x'},"
                                + "'spec':{'ports':[{'port':80,'targetPort':8080},{'port':81,'targetPort':'http'}]}}"),
                new Case("quantities are their string",
                        envelope("v1", "ResourceQuota", V1.ResourceQuota.newBuilder().setMetadata(NAMED).setSpec(V1.ResourceQuotaSpec.newBuilder()
                                .putHard("requests.cpu", Quantity.newBuilder().setString("500m").build())).build()),
                        "{'kind':'ResourceQuota','apiVersion':'v1','metadata':{'name':'x'},'spec':{'hard':{'requests.cpu':'500m'}}}"),
                new Case("times are RFC 3339 seconds in UTC, and an empty time is left out",
                        envelope("v1", "Pod", V1.Pod.newBuilder()
                                .setMetadata(NAMED.toBuilder().setCreationTimestamp(Time.getDefaultInstance()))
                                .setStatus(V1.PodStatus.newBuilder().setStartTime(Time.newBuilder().setSeconds(1704164645).setNanos(999))).build()),
                        "{'kind':'Pod','apiVersion':'v1','metadata':{'name':'x'},'status':{'startTime':'2024-01-02T03:04:05Z'}}"),
                new Case("micro times keep six fraction digits",
                        envelope("v1", "Event", V1.Event.newBuilder().setMetadata(NAMED)
                                .setEventTime(MicroTime.newBuilder().setSeconds(1704164645).setNanos(123456789)).build()),
                        "{'kind':'Event','apiVersion':'v1','metadata':{'name':'x'},'eventTime':'2024-01-02T03:04:05.123456Z'}"),
                new Case("bytes are base64, an empty value included",
                        envelope("v1", "Secret", V1.Secret.newBuilder().setMetadata(NAMED)
                                .putData("p", ByteString.copyFromUtf8("x")).putData("empty", ByteString.EMPTY).build()),
                        "{'kind':'Secret','apiVersion':'v1','metadata':{'name':'x'},'data':{'p':'eA==','empty':''}}"),
                new Case("a CSR's request bytes are base64 and its extra values lists",
                        envelope("certificates.k8s.io/v1", "CertificateSigningRequest", V1Certificates.CertificateSigningRequest.newBuilder()
                                .setMetadata(NAMED).setSpec(V1Certificates.CertificateSigningRequestSpec.newBuilder()
                                        .setRequest(ByteString.copyFromUtf8("CSR")).setSignerName("s")
                                        .putExtra("k", V1Certificates.ExtraValue.newBuilder().addItems("a").addItems("b").build())).build()),
                        "{'kind':'CertificateSigningRequest','apiVersion':'certificates.k8s.io/v1','metadata':{'name':'x'},"
                                + "'spec':{'request':'Q1NS','signerName':'s','extra':{'k':['a','b']}}}"),
                new Case("raw extensions and fieldsV1 embed their JSON",
                        envelope("apps/v1", "ControllerRevision", V1Apps.ControllerRevision.newBuilder()
                                .setMetadata(NAMED.toBuilder().addManagedFields(ManagedFieldsEntry.newBuilder().setManager("m")
                                        .setFieldsType("FieldsV1").setFieldsV1(FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:data\":{}}")))))
                                .setData(RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{\"a\":[1,2]}}"))).setRevision(3).build()),
                        "{'kind':'ControllerRevision','apiVersion':'apps/v1','metadata':{'name':'x','managedFields':"
                                + "[{'manager':'m','fieldsType':'FieldsV1','fieldsV1':{'f:data':{}}}]},'data':{'spec':{'a':[1,2]}},'revision':3}"),
                new Case("a raw extension holding a protobuf envelope is decoded too",
                        envelope("apps/v1", "ControllerRevision", V1Apps.ControllerRevision.newBuilder().setMetadata(NAMED)
                                .setData(RawExtension.newBuilder().setRaw(ByteString.copyFrom(
                                        envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(NAMED).putData("a", "b").build())))).build()),
                        "{'kind':'ControllerRevision','apiVersion':'apps/v1','metadata':{'name':'x'},"
                                + "'data':{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'x'},'data':{'a':'b'}}}"),
                new Case("embedded structs spread over their parent as in Go's JSON",
                        envelope("v1", "Pod", V1.Pod.newBuilder().setMetadata(NAMED).setSpec(V1.PodSpec.newBuilder()
                                .addVolumes(V1.Volume.newBuilder().setName("v").setVolumeSource(V1.VolumeSource.newBuilder()
                                        .setConfigMap(V1.ConfigMapVolumeSource.newBuilder().setLocalObjectReference(
                                                V1.LocalObjectReference.newBuilder().setName("cm")))))
                                .addContainers(V1.Container.newBuilder().setName("c").setLivenessProbe(V1.Probe.newBuilder()
                                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/")))
                                        .setPeriodSeconds(5)))).build()),
                        "{'kind':'Pod','apiVersion':'v1','metadata':{'name':'x'},'spec':{'volumes':[{'name':'v','configMap':{'name':'cm'}}],"
                                + "'containers':[{'name':'c','livenessProbe':{'httpGet':{'path':'/'},'periodSeconds':5}}]}}"),
                new Case("fields protobuf names after Go take their JSON name",
                        envelope("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
                                V1Admissionregistration.ValidatingWebhookConfiguration.newBuilder().setMetadata(NAMED)
                                        .addWebhooks(V1Admissionregistration.ValidatingWebhook.newBuilder().setName("w")).build()),
                        "{'kind':'ValidatingWebhookConfiguration','apiVersion':'admissionregistration.k8s.io/v1','metadata':{'name':'x'},"
                                + "'webhooks':[{'name':'w'}]}"),
                new Case("an explicit zero of a pointer field stays, unset non-pointer zeros go",
                        envelope("apps/v1", "Deployment", V1Apps.Deployment.newBuilder()
                                .setMetadata(NAMED.toBuilder().setGenerateName("").setGeneration(0))
                                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0).setPaused(false)
                                        .setRevisionHistoryLimit(0)).build()),
                        "{'kind':'Deployment','apiVersion':'apps/v1','metadata':{'name':'x'},'spec':{'replicas':0,'revisionHistoryLimit':0}}"),
                new Case("an explicitly empty storage class is kept: it means no dynamic provisioning",
                        envelope("v1", "PersistentVolumeClaim", V1.PersistentVolumeClaim.newBuilder().setMetadata(NAMED)
                                .setSpec(V1.PersistentVolumeClaimSpec.newBuilder().setStorageClassName("").setVolumeName("")).build()),
                        "{'kind':'PersistentVolumeClaim','apiVersion':'v1','metadata':{'name':'x'},'spec':{'storageClassName':''}}"),
                new Case("delete options labelled with any group are meta's",
                        envelope("apps/v1", "DeleteOptions", DeleteOptions.newBuilder().setGracePeriodSeconds(5)
                                .setPropagationPolicy("Foreground").addDryRun("All").build()),
                        "{'kind':'DeleteOptions','apiVersion':'apps/v1','gracePeriodSeconds':5,'propagationPolicy':'Foreground','dryRun':['All']}"),
                new Case("subject access reviews carry extra values as lists",
                        envelope("authorization.k8s.io/v1", "SubjectAccessReview", V1Authorization.SubjectAccessReview.newBuilder()
                                .setMetadata(ObjectMeta.getDefaultInstance()).setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder()
                                        .setUser("u").putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("a").build())).build()),
                        "{'kind':'SubjectAccessReview','apiVersion':'authorization.k8s.io/v1','metadata':{},"
                                + "'spec':{'user':'u','extra':{'scopes':['a']}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodes")
    void decodesToKubernetesJson(Case c) {
        assertThat(KubeProtobuf.decode(c.body())).isEqualTo(json(c.want()));
    }

    record Refusal(String name, byte[] body, Class<? extends ProtobufBodyException> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refusal> refusals() {
        byte[] configMap = envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(NAMED).build());
        return List.of(
                new Refusal("a kind without a protobuf schema here is an unknown format",
                        envelope("coordination.k8s.io/v1", "Lease", V1.ConfigMap.getDefaultInstance()),
                        UnknownFormatException.class, UnknownFormatException.MESSAGE),
                new Refusal("a kind the group does not have is an unknown format",
                        envelope("v1", "Frobnicator", V1.ConfigMap.getDefaultInstance()),
                        UnknownFormatException.class, UnknownFormatException.MESSAGE),
                new Refusal("an envelope naming no kind is an unknown format",
                        withMagic(Unknown.newBuilder().setTypeMeta(TypeMeta.newBuilder().setApiVersion("v1")).build().toByteArray()),
                        UnknownFormatException.class, UnknownFormatException.MESSAGE),
                new Refusal("a content encoding is an unknown format",
                        withMagic(Unknown.newBuilder().setTypeMeta(TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                                .setContentEncoding("gzip").build().toByteArray()),
                        UnknownFormatException.class, UnknownFormatException.MESSAGE),
                new Refusal("a body without the k8s magic is malformed",
                        "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8),
                        MalformedBodyException.class, "provided data does not appear to be a protobuf message"),
                new Refusal("a truncated body is malformed",
                        Arrays.copyOf(configMap, configMap.length - 3),
                        MalformedBodyException.class, "does not parse"),
                new Refusal("an object whose bytes do not parse as its kind is malformed",
                        withMagic(Unknown.newBuilder().setTypeMeta(TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                                .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01})).build().toByteArray()),
                        MalformedBodyException.class, "the body does not parse as ConfigMap (v1)"),
                new Refusal("an IntOrString of an impossible type is malformed",
                        envelope("v1", "Service", V1.Service.newBuilder().setSpec(V1.ServiceSpec.newBuilder().addPorts(
                                V1.ServicePort.newBuilder().setTargetPort(IntOrString.newBuilder().setType(2)))).build()),
                        MalformedBodyException.class, "impossible IntOrString.Type 2"),
                new Refusal("a raw extension that is not JSON is malformed",
                        envelope("apps/v1", "ControllerRevision", V1Apps.ControllerRevision.newBuilder()
                                .setData(RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("not json"))).build()),
                        MalformedBodyException.class, "embedded raw JSON does not parse"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatItCannotRead(Refusal r) {
        assertThatThrownBy(() -> KubeProtobuf.decode(r.body())).isInstanceOf(r.type()).hasMessageContaining(r.message());
    }

    private static byte[] withMagic(byte[] unknown) {
        byte[] out = new byte[unknown.length + 4];
        System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, out, 0, 4);
        System.arraycopy(unknown, 0, out, 4, unknown.length);
        return out;
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
