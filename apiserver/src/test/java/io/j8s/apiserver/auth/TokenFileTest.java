package io.j8s.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    private Map<String, UserInfo> read(String content) throws Exception {
        Path f = dir.resolve("tokens.csv");
        Files.writeString(f, content);
        return TokenFile.read(f);
    }

    @Test
    void readsUpstreamsFormatWithQuotedGroups() throws Exception {
        Map<String, UserInfo> tokens = read("""
                s3cret,admin,1,"system:masters,ops"
                other, bob, 2
                """);
        assertThat(tokens.get("s3cret")).isEqualTo(new UserInfo("admin", List.of("system:masters", "ops"), "1"));
        assertThat(tokens.get("other")).isEqualTo(new UserInfo("bob", List.of(), "2"));
    }

    @Test
    void skipsEmptyAndDuplicateTokens() throws Exception {
        Map<String, UserInfo> tokens = read(",nobody,0\nt,first,1\nt,second,2\n");
        assertThat(tokens).containsOnlyKeys("t");
        assertThat(tokens.get("t").name()).isEqualTo("first");
    }

    @Test
    void fewerThanThreeColumnsIsAnError() {
        assertThatThrownBy(() -> read("token,user\n")).hasMessageContaining("must have at least 3 columns (token, user name, user uid), found 2");
    }
}
