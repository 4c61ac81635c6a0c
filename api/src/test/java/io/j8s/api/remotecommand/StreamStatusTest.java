package io.j8s.api.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamStatusTest {

    record Case(String name, StreamStatus status, String json, Integer exitCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The JSON is what upstream's kubelet writes (Go's json.Marshal of metav1.Status). */
    static Stream<Case> cases() {
        return Stream.of(
                new Case("success", StreamStatus.success(), "{\"metadata\":{},\"status\":\"Success\"}", 0),
                new Case("exit code 3", StreamStatus.exitCode(3),
                        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: exit status 3\","
                                + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}", 3),
                new Case("internal error", StreamStatus.internalError("kubelet went away"),
                        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: kubelet went away\","
                                + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"kubelet went away\"}]},\"code\":500}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesAndReadsUpstreamsJson(Case c) {
        assertThat(new String(c.status().toJson(), StandardCharsets.UTF_8)).isEqualTo(c.json());
        StreamStatus back = StreamStatus.parse(c.json().getBytes(StandardCharsets.UTF_8));
        assertThat(back).isEqualTo(c.status());
        if (c.exitCode() == null) {
            assertThat(back.exitCode()).isEmpty();
        } else {
            assertThat(back.exitCode()).hasValue(c.exitCode());
        }
    }

    @Test
    void olderProtocolsGetTheMessageOfAFailureOnly() {
        assertThat(StreamStatus.success().forErrorStream(ProtocolVersion.V3)).isEmpty();
        assertThat(new String(StreamStatus.exitCode(2).forErrorStream(ProtocolVersion.V1), StandardCharsets.UTF_8))
                .isEqualTo("command terminated with non-zero exit code: exit status 2");
        assertThat(StreamStatus.exitCode(2).forErrorStream(ProtocolVersion.V5)).isEqualTo(StreamStatus.exitCode(2).toJson());
    }

    @Test
    void refusesWhatIsNotAStatus() {
        assertThatThrownBy(() -> StreamStatus.parse("oops".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamStatus.parse("[]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamStatus.exitCode(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
