package io.j8s.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.kubernetes.client.proto.Meta;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoFormatsTest {

    record Case(long nanos, String want) {
        @Override
        public String toString() {
            return nanos + "ns → " + want;
        }
    }

    /** Outputs of Go's {@code time.Duration(n).String()}. */
    static List<Case> durations() {
        return List.of(
                new Case(0, "0s"),
                new Case(1, "1ns"),
                new Case(999, "999ns"),
                new Case(1_000, "1µs"),
                new Case(1_500, "1.5µs"),
                new Case(1_000_000, "1ms"),
                new Case(1_100_000, "1.1ms"),
                new Case(1_000_000_000, "1s"),
                new Case(1_500_000_000, "1.5s"),
                new Case(60_000_000_000L, "1m0s"),
                new Case(300_000_000_000L, "5m0s"),
                new Case(3_600_000_000_000L, "1h0m0s"),
                new Case(90_061_000_000_001L, "25h1m1.000000001s"),
                new Case(-5_000_000_000L, "-5s"),
                new Case(-1_500, "-1.5µs"),
                new Case(Long.MAX_VALUE, "2562047h47m16.854775807s"),
                new Case(Long.MIN_VALUE, "-2562047h47m16.854775808s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void durationsPrintAsGoDoes(Case c) {
        assertThat(GoFormats.duration(c.nanos())).isEqualTo(c.want());
    }

    @Test
    void timesPrintAsRfc3339InUtc() {
        assertThat(GoFormats.time(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(GoFormats.time(1704164645)).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(GoFormats.microTime(1704164645, 5_000)).isEqualTo("2024-01-02T03:04:05.000005Z");
        assertThat(GoFormats.microTime(1704164645, 999_999_999)).as("truncated, not rounded").isEqualTo("2024-01-02T03:04:05.999999Z");
    }

    @Test
    void aDurationFieldIsItsGoString() throws DescriptorValidationException {
        // no kind in the groups served has a metav1.Duration field, so make a message that does
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("j8s/test/holder.proto").setPackage("j8s.test").addDependency(Meta.getDescriptor().getName())
                .addMessageType(DescriptorProto.newBuilder().setName("Holder").addField(FieldDescriptorProto.newBuilder()
                        .setName("timeout").setNumber(1).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".k8s.io.apimachinery.pkg.apis.meta.v1.Duration")))
                .build();
        Descriptor holder = FileDescriptor.buildFrom(file, new FileDescriptor[] {Meta.getDescriptor()}).findMessageTypeByName("Holder");
        DynamicMessage m = DynamicMessage.newBuilder(holder)
                .setField(holder.findFieldByName("timeout"), Meta.Duration.newBuilder().setDuration(300_000_000_000L).build())
                .build();
        assertThat(ProtoJson.object(m).toString()).isEqualTo("{\"timeout\":\"5m0s\"}");
    }
}
