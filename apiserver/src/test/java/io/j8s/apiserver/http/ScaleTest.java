package io.j8s.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void theScalesSelectorIsUpstreamsStringOfTheWholeSelector() throws Exception {
        ObjectNode deploy = (ObjectNode) Json.MAPPER.readTree("""
                {"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,"selector":{
                  "matchLabels":{"tier":"front","app":"web"},
                  "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},{"key":"canary","operator":"DoesNotExist"}]}},
                 "status":{"replicas":2}}""");
        ObjectNode scale = ResourceEndpoint.toScale(ResourceRegistry.builtin().byPath("apps", "v1", "deployments").orElseThrow(), deploy);
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=web,!canary,env in (dev,prod),tier=front"); // sorted by key, as upstream
    }
}
