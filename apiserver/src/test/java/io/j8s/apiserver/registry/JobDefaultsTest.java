package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Upstream's SetDefaults_Job and generateSelector, as a new Job gets them. */
class JobDefaultsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode job(String spec) throws Exception {
        return (ObjectNode) JSON.readTree("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"hello\",\"uid\":\"u-1\"},"
                + "\"spec\":" + spec + "}");
    }

    @Test
    void defaultsAndGeneratesTheSelector() throws Exception {
        ObjectNode job = job("{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}");
        JobDefaults.apply(job);
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(1);
        assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(1);
        assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(6);
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("NonIndexed");
        assertThat(job.at("/spec/suspend").asBoolean()).isFalse();
        assertThat(job.at("/spec/selector").toString()).isEqualTo("{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"u-1\"}}");
        assertThat(job.at("/spec/template/metadata/labels").toString()).isEqualTo("{\"batch.kubernetes.io/controller-uid\":\"u-1\","
                + "\"batch.kubernetes.io/job-name\":\"hello\",\"controller-uid\":\"u-1\",\"job-name\":\"hello\"}");
    }

    @Test
    void parallelismAloneLeavesCompletionsUnsetAndAManualSelectorIsKept() throws Exception {
        ObjectNode job = job("{\"parallelism\":3,\"manualSelector\":true,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}}}}");
        JobDefaults.apply(job);
        assertThat(job.at("/spec/completions").isMissingNode()).isTrue();
        assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(3);
        assertThat(job.at("/spec/selector").toString()).isEqualTo("{\"matchLabels\":{\"a\":\"b\"}}");
        assertThat(job.at("/spec/template/metadata/labels").toString()).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void cronJobDefaults() throws Exception {
        ObjectNode cj = (ObjectNode) JSON.readTree("{\"spec\":{\"schedule\":\"* * * * *\",\"failedJobsHistoryLimit\":0}}");
        JobDefaults.applyCronJob(cj);
        assertThat(cj.get("spec").toString()).isEqualTo("{\"schedule\":\"* * * * *\",\"failedJobsHistoryLimit\":0,"
                + "\"concurrencyPolicy\":\"Allow\",\"suspend\":false,\"successfulJobsHistoryLimit\":3}");
    }
}
