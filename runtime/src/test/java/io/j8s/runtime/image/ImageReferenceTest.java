package io.j8s.runtime.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceTest {
    record Case(String image, String want) {
        @Override
        public String toString() {
            return image;
        }
    }

    static Stream<Case> references() {
        return Stream.of(
                new Case("busybox", "docker.io/library/busybox:latest"),
                new Case("busybox:1.36", "docker.io/library/busybox:1.36"),
                new Case("curlimages/curl", "docker.io/curlimages/curl:latest"),
                new Case("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
                new Case("localhost:5000/app:v1", "localhost:5000/app:v1"),
                new Case("localhost/app", "localhost/app:latest"),
                new Case("busybox@sha256:" + "a".repeat(64), "docker.io/library/busybox@sha256:" + "a".repeat(64)),
                new Case("Busybox", null),
                new Case("not a name", null),
                new Case("busybox:", null),
                new Case("busybox@sha256:short", null),
                new Case("a//b", null));
    }

    @ParameterizedTest
    @MethodSource("references")
    void parsesAndNormalizesAsDockerDoes(Case c) {
        assertThat(ImageReference.parse(c.image()).map(Object::toString).orElse(null)).isEqualTo(c.want());
    }
}
