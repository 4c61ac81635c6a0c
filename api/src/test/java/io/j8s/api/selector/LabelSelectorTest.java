package io.j8s.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    private static final String NAME_RULE = "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
            + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric characters,"
            + " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value', "
            + " or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    /** A selector string and what upstream makes of it: its canonical form, or the parse error. */
    record Parse(String selector, String canonical, String error) {
        @Override
        public String toString() {
            return "'" + selector + "'";
        }
    }

    private static Parse ok(String selector, String canonical) {
        return new Parse(selector, canonical, null);
    }

    private static Parse error(String selector, String error) {
        return new Parse(selector, null, error);
    }

    static Stream<Parse> parsing() {
        return Stream.of(
                ok("", ""),
                ok("x=a,y=b,z=c", "x=a,y=b,z=c"),
                ok("z=c,x=a", "x=a,z=c"),
                ok("x==a", "x==a"),
                ok("x!=a,y=b", "x!=a,y=b"),
                ok("x=,z= ", "x=,z="),
                ok("  a  =  b  ", "a=b"),
                ok("x", "x"),
                ok("!x", "!x"),
                ok("x>1,y<20", "x>1,y<20"),
                ok("x in (abc,def)", "x in (abc,def)"),
                ok("x in (def, abc, abc)", "x in (abc,def)"),
                ok("x notin (abc)", "x notin (abc)"),
                ok("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
                ok("in in (in,notin)", "in in (in,notin)"),
                ok("!tier,app.kubernetes.io/name=web", "app.kubernetes.io/name=web,!tier"),
                error("x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"),
                error("=a", "found '=', expected: !, identifier, or 'end of string'"),
                error("x=a y", "found 'y', expected: ',' or 'end of string'"),
                error("x=a,,y=b", "found ',', expected: identifier after ','"),
                error("x=a,", "found '', expected: identifier after ','"),
                error("!x=a", "found '=', expected: ',' or 'end of string'"),
                error("x in", "unable to parse requirement: found '' expected: '('"),
                error("x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
                error("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
                error("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                error("x=(a)", "unable to parse requirement: found '(', expected: identifier"),
                error("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
                error("x<-1", "unable to parse requirement: values[0][x]: Invalid value: \"-1\": " + VALUE_RULE),
                error("k$=v", "unable to parse requirement: <nil>: Invalid value: \"k$\": " + NAME_RULE),
                error("Example.com/x=v", "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part"
                        + " a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                        + " must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation"
                        + " is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                error("x=a||y", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + VALUE_RULE),
                error("x in (a$,b$)", "unable to parse requirement: [values[0][x]: Invalid value: \"a$\": " + VALUE_RULE
                        + ", values[1][x]: Invalid value: \"b$\": " + VALUE_RULE + "]"),
                error("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators,"
                        + " the value must be an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsing")
    void parsesUpstreamSyntax(Parse c) {
        if (c.error() == null) {
            assertThat(LabelSelector.parse(c.selector())).hasToString(c.canonical());
            assertThat(LabelSelector.parse(c.canonical())).as("the canonical form parses back").isEqualTo(LabelSelector.parse(c.selector()));
        } else {
            InvalidSelectorException e = catchThrowableOfType(InvalidSelectorException.class, () -> LabelSelector.parse(c.selector()));
            assertThat(e).as("a parse error").isNotNull();
            assertThat(e.getMessage()).isEqualTo(c.error());
            assertThat(e.code()).isEqualTo(400);
        }
    }

    record Match(String selector, Map<String, String> labels, boolean matches) {
        @Override
        public String toString() {
            return "'" + selector + "' " + (matches ? "matches " : "does not match ") + labels;
        }
    }

    static Stream<Match> matching() {
        return Stream.of(
                new Match("", Map.of(), true),
                new Match("x=a", Map.of("x", "a"), true),
                new Match("x=a", Map.of("x", "b"), false),
                new Match("x=a", Map.of(), false),
                new Match("x==a", Map.of("x", "a", "y", "b"), true),
                new Match("x!=a", Map.of(), true),
                new Match("x!=a", Map.of("x", "b"), true),
                new Match("x!=a", Map.of("x", "a"), false),
                new Match("x=", Map.of("x", ""), true),
                new Match("x=", Map.of(), false),
                new Match("x in (a,b)", Map.of("x", "b"), true),
                new Match("x in (a,b)", Map.of(), false),
                new Match("x notin (a)", Map.of(), true),
                new Match("x notin (a)", Map.of("x", "a"), false),
                new Match("x", Map.of("x", ""), true),
                new Match("x", Map.of("y", "a"), false),
                new Match("!x", Map.of("y", "a"), true),
                new Match("!x", Map.of("x", "a"), false),
                new Match("x>1", Map.of("x", "2"), true),
                new Match("x>1", Map.of("x", "1"), false),
                new Match("x<1", Map.of("x", "-5"), true),
                new Match("x>1", Map.of("x", "two"), false),
                new Match("x>1", Map.of(), false),
                new Match("app=web,tier in (front,back),!canary", Map.of("app", "web", "tier", "front"), true),
                new Match("app=web,tier in (front,back),!canary", Map.of("app", "web", "tier", "front", "canary", "y"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void matchesLabelsAsUpstream(Match c) {
        assertThat(LabelSelector.parse(c.selector()).matches(c.labels())).isEqualTo(c.matches());
    }

    record FromMeta(String name, io.fabric8.kubernetes.api.model.LabelSelector meta, String canonical, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FromMeta> metaSelectors() {
        return Stream.of(
                new FromMeta("matchLabels and matchExpressions are ANDed", new LabelSelectorBuilder()
                        .withMatchLabels(Map.of("b", "2", "a", "1"))
                        .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "back").endMatchExpression()
                        .addNewMatchExpression().withKey("env").withOperator("NotIn").withValues("prod").endMatchExpression()
                        .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                        .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression()
                        .build(), "a=1,b=2,!canary,env notin (prod),team,tier in (back,front)", null),
                new FromMeta("an unknown operator", new LabelSelectorBuilder()
                        .addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1").endMatchExpression().build(),
                        null, "\"Gt\" is not a valid label selector operator"),
                new FromMeta("In without values", new LabelSelectorBuilder()
                        .addNewMatchExpression().withKey("a").withOperator("In").endMatchExpression().build(),
                        null, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"),
                new FromMeta("Exists with values", new LabelSelectorBuilder()
                        .addNewMatchExpression().withKey("a").withOperator("Exists").withValues("x").endMatchExpression().build(),
                        null, "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist"),
                new FromMeta("an invalid key", new LabelSelectorBuilder().withMatchLabels(Map.of("a b", "c")).build(),
                        null, "key: Invalid value: \"a b\": " + NAME_RULE),
                new FromMeta("an invalid value", new LabelSelectorBuilder().withMatchLabels(Map.of("a", "b c")).build(),
                        null, "values[0][a]: Invalid value: \"b c\": " + VALUE_RULE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metaSelectors")
    void convertsMetaV1Selectors(FromMeta c) {
        if (c.error() == null) {
            assertThat(LabelSelector.fromMeta(c.meta())).hasToString(c.canonical());
        } else {
            InvalidSelectorException e = catchThrowableOfType(InvalidSelectorException.class, () -> LabelSelector.fromMeta(c.meta()));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo(c.error());
        }
    }

    @Test
    void aNullMetaSelectorMatchesNothingAndAnEmptyOneEverything() {
        LabelSelector none = LabelSelector.fromMeta(null);
        assertThat(none.matches(Map.of())).isFalse();
        assertThat(none.matchesNothing()).isTrue();
        assertThat(none.isEmpty()).isFalse();

        LabelSelector all = LabelSelector.fromMeta(new io.fabric8.kubernetes.api.model.LabelSelector());
        assertThat(all.matches(Map.of("any", "thing"))).isTrue();
        assertThat(all.isEmpty()).isTrue();
        assertThat(all).isEqualTo(LabelSelector.everything());
    }

    @Test
    void aSetSelectsExactlyItsLabels() {
        LabelSelector s = LabelSelector.fromSet(Map.of("tier", "front", "app", "web"));
        assertThat(s).hasToString("app=web,tier=front");
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "x", "y"))).isTrue();
        assertThat(s.matches(Map.of("app", "web"))).isFalse();
        assertThat(LabelSelector.fromSet(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void saysWhichLabelValueItPins() {
        LabelSelector s = LabelSelector.parse("a=1,b in (2),c in (3,4),d!=5");
        assertThat(List.of("a", "b", "c", "d", "e").stream().map(s::requiresExactMatch))
                .containsExactly(Optional.of("1"), Optional.of("2"), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
