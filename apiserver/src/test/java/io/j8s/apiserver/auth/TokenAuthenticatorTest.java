package io.j8s.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.apiserver.tls.ClusterCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenAuthenticatorTest {

    @TempDir
    Path dir;

    record CsvCase(String name, String line, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<CsvCase> csvCases() {
        return List.of(
                new CsvCase("plain", "t,alice,42", List.of("t", "alice", "42")),
                new CsvCase("quoted groups", "t,alice,42,\"dev,ops\"", List.of("t", "alice", "42", "dev,ops")),
                new CsvCase("escaped quote", "t,\"a\"\"b\",1", List.of("t", "a\"b", "1")),
                new CsvCase("empty uid", "t,alice,,g", List.of("t", "alice", "", "g")),
                new CsvCase("spaces around fields", "t , alice , 1", List.of("t", "alice", "1")));
    }

    @ParameterizedTest
    @MethodSource("csvCases")
    void splitsTokenFileLinesAsCsv(CsvCase c) {
        assertThat(TokenAuthenticator.csvFields(c.line())).isEqualTo(c.want());
    }

    @Test
    void readsAnUpstreamTokenAuthFile() throws Exception {
        var file = dir.resolve("tokens.csv");
        Files.writeString(file, """
                # token,user,uid,groups
                s3cret,alice,1001,"dev,ops"

                other,bob,1002
                """);

        var tokens = TokenAuthenticator.readTokenFile(file);

        assertThat(tokens).containsOnlyKeys("s3cret", "other");
        assertThat(tokens.get("s3cret")).isEqualTo(new UserInfo("alice", List.of("dev", "ops"), "1001"));
        assertThat(tokens.get("other")).isEqualTo(new UserInfo("bob", List.of(), "1002"));
    }

    @Test
    void refusesATokenFileLineWithoutAUser() throws Exception {
        var file = dir.resolve("tokens.csv");
        Files.writeString(file, "s3cret\n");

        assertThatThrownBy(() -> TokenAuthenticator.readTokenFile(file)).hasMessageContaining("tokens.csv:1");
    }

    @Test
    void nodeTokenIsMadeOnceWithTheCaHashAndKeptAfter() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir.resolve("tls"));
        var file = dir.resolve("node-token");

        var first = NodeToken.loadOrCreate(file, ca.certificate());
        var second = NodeToken.loadOrCreate(file, ca.certificate());

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(file).strip()).isEqualTo(first.value());
        assertThat(first.value()).matches("J10[0-9a-f]{64}::node:[0-9a-f]{64}");
        assertThat(first.caHash()).isEqualTo(NodeToken.caHash(ca.certificate()));
        assertThat(NodeToken.parse(first.value() + "\n")).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void nodeTokenKeepsItsSecretWhenTheCaChanges() {
        var file = dir.resolve("node-token");
        var before = NodeToken.loadOrCreate(file, ClusterCa.loadOrCreate(dir.resolve("ca1")).certificate());

        var otherCa = ClusterCa.loadOrCreate(dir.resolve("ca2")).certificate();
        var after = NodeToken.loadOrCreate(file, otherCa);

        assertThat(after.secret()).isEqualTo(before.secret());
        assertThat(after.caHash()).isEqualTo(NodeToken.caHash(otherCa)).isNotEqualTo(before.caHash());
    }

    @Test
    void refusesSomethingThatIsNotANodeToken() {
        assertThatThrownBy(() -> NodeToken.parse("K10abc::server:xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeToken.parse("J10abc::node:xyz")).isInstanceOf(IllegalArgumentException.class);
    }
}
