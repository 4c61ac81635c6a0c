package io.j8s.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TreesTest {

    @Test
    void differentTreesDoNotCompareEqual() {
        assertThatThrownBy(() -> Trees.assertSameTree(Trees.yaml("{a: {b: [1, 2]}}"), Trees.yaml("{a: {b: [1, 3]}}")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Trees.assertSameTree(Trees.yaml("{a: {b: 1}}"), Trees.yaml("{a: {b: 1, c: 2}}")))
                .isInstanceOf(AssertionError.class);
        Trees.assertSameTree(Trees.yaml("{a: {b: 1, c: x}}"), Trees.yaml("{a: {c: x, b: 1.0}}"));
    }
}
