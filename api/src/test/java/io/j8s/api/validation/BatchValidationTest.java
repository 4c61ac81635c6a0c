package io.j8s.api.validation;

import static io.j8s.api.validation.Fixtures.create;
import static io.j8s.api.validation.Fixtures.invalid;
import static io.j8s.api.validation.Fixtures.notSupported;
import static io.j8s.api.validation.Fixtures.required;
import static io.j8s.api.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Jobs and CronJobs. */
class BatchValidationTest {

    record Case(String name, String yaml, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String UID = "863452e6-270d-420e-9b94-53a54146c223";

    static String job(String spec) {
        return "{apiVersion: batch/v1, kind: Job, metadata: {name: pi, namespace: default, uid: " + UID + "}, spec: " + spec + "}";
    }

    static String cronJob(String name, String spec) {
        return "{apiVersion: batch/v1, kind: CronJob, metadata: {name: " + name + ", namespace: default}, spec: " + spec + "}";
    }

    static final String POD = "{containers: [{name: pi, image: perl}], restartPolicy: Never}";
    static final String JOB_TEMPLATE = "jobTemplate: {spec: {template: {spec: " + POD + "}}}";

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a valid job", job("{template: {spec: " + POD + "}}"), List.of()),
                new Case("a job that would restart its pods", job("{template: {spec: {containers: [{name: pi, image: perl}]}}}"),
                        List.of(required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""))),
                new Case("negative counts", job("{parallelism: -1, completions: -2, backoffLimit: -3, template: {spec: " + POD + "}}"),
                        List.of(invalid("spec.parallelism", "-1: must be greater than or equal to 0"),
                                invalid("spec.completions", "-2: must be greater than or equal to 0"),
                                invalid("spec.backoffLimit", "-3: must be greater than or equal to 0"))),
                new Case("an indexed job without completions", job("{completionMode: Indexed, parallelism: 2, template: {spec: " + POD + "}}"),
                        List.of(required("spec.completions", "when completion mode is Indexed"))),
                new Case("an unknown completion mode", job("{completionMode: Sometimes, template: {spec: " + POD + "}}"),
                        List.of(notSupported("spec.completionMode", "\"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""))),
                new Case("a manual selector that is missing", job("{manualSelector: true, template: {metadata: {labels: {a: b}}, spec: " + POD + "}}"),
                        List.of(required("spec.selector", ""),
                                invalid("spec.template.metadata.labels", "map[string]string{\"a\":\"b\"}: `selector` does not match template `labels`"))),
                new Case("a manual selector that selects the template", job(
                        "{manualSelector: true, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: " + POD + "}}"), List.of()),
                new Case("a generated label the user set otherwise", job("{template: {metadata: {labels: {job-name: other}}, spec: " + POD + "}}"),
                        List.of(invalid("spec.template.metadata.labels[job-name]", "map[string]string{\"batch.kubernetes.io/controller-uid\":\""
                                + UID + "\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"" + UID + "\", \"job-name\":\"other\"}: pi"))),
                new Case("a valid cron job", cronJob("hello", "{schedule: '*/5 * * * *', " + JOB_TEMPLATE + "}"), List.of()),
                new Case("descriptors", cronJob("hello", "{schedule: '@every 1h30m', " + JOB_TEMPLATE + "}"), List.of()),
                new Case("a named month and weekday range", cronJob("hello", "{schedule: '0 9 * jan-mar mon-fri', " + JOB_TEMPLATE + "}"), List.of()),
                new Case("no schedule", cronJob("hello", "{" + JOB_TEMPLATE + "}"), List.of(required("spec.schedule", ""))),
                new Case("a minute past the hour's end", cronJob("hello", "{schedule: '61 * * * *', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"61 * * * *\": end of range (61) above maximum (59): 61"))),
                new Case("three fields", cronJob("hello", "{schedule: '* * *', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"* * *\": expected exactly 5 fields, found 3: [* * *]"))),
                new Case("a word", cronJob("hello", "{schedule: '* * * * often', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"* * * * often\": failed to parse int from often: strconv.Atoi: parsing "
                                + "\"often\": invalid syntax"))),
                new Case("a step of zero", cronJob("hello", "{schedule: '*/0 * * * *', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"*/0 * * * *\": step of range should be a positive number: */0"))),
                new Case("an unknown descriptor", cronJob("hello", "{schedule: '@fortnightly', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"@fortnightly\": unrecognized descriptor: @fortnightly"))),
                new Case("a time zone in the schedule", cronJob("hello", "{schedule: 'TZ=UTC 0 * * * *', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.schedule", "\"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))),
                new Case("a known time zone", cronJob("hello", "{schedule: '0 * * * *', timeZone: Europe/Berlin, " + JOB_TEMPLATE + "}"), List.of()),
                new Case("an unknown time zone", cronJob("hello", "{schedule: '0 * * * *', timeZone: Mars/Olympus, " + JOB_TEMPLATE + "}"),
                        List.of(invalid("spec.timeZone", "\"Mars/Olympus\": unknown time zone Mars/Olympus"))),
                new Case("a name too long for the jobs it makes", cronJob("a".repeat(53), "{schedule: '0 * * * *', " + JOB_TEMPLATE + "}"),
                        List.of(invalid("metadata.name", "\"" + "a".repeat(53) + "\": must be no more than 52 characters"))),
                new Case("a job template that restarts and picks its own pods", cronJob("hello", """
                        {schedule: '0 * * * *', concurrencyPolicy: Sometimes,
                         jobTemplate: {spec: {selector: {matchLabels: {a: b}}, template: {spec: {containers: [{name: pi, image: perl}]}}}}}"""),
                        List.of(notSupported("spec.concurrencyPolicy", "\"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""),
                                required("spec.jobTemplate.spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""),
                                invalid("spec.jobTemplate.spec.selector", "v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, "
                                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesNewJobs(Case c) {
        assertThat(create(c.yaml())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    record Update(String name, String stored, Consumer<ObjectNode> change, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Update> updates() {
        return Stream.of(
                new Update("a longer deadline", job("{template: {spec: " + POD + "}}"),
                        j -> ((ObjectNode) j.get("spec")).put("activeDeadlineSeconds", 60), List.of()),
                new Update("more completions", job("{template: {spec: " + POD + "}}"),
                        j -> ((ObjectNode) j.get("spec")).put("completions", 3),
                        List.of(invalid("spec.completions", "3: field is immutable"))),
                new Update("a suspended job that never ran may move to other nodes", job("{suspend: true, template: {spec: " + POD + "}}"),
                        j -> ((ObjectNode) j.at("/spec/template/spec")).putObject("nodeSelector").put("disk", "ssd"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesJobUpdates(Update c) {
        assertThat(update(c.stored(), c.change())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    @Test
    void aRunningJobsPodTemplateIsImmutable() {
        List<FieldError> errs = update(job("{template: {spec: " + POD + "}}"),
                j -> ((ObjectNode) j.at("/spec/template/spec/containers/0")).put("image", "perl:5.40"));
        assertThat(errs).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("spec.template");
            assertThat(e.type()).isEqualTo("FieldValueInvalid");
            assertThat(e.message()).startsWith("Invalid value: {\"").endsWith(": field is immutable");
        });
    }
}
