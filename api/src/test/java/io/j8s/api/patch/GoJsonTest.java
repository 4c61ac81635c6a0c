package io.j8s.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's words for JSON, which upstream's messages are made of. */
class GoJsonTest {

    record Format(String json, String want) {
        @Override
        public String toString() {
            return json;
        }
    }

    static Stream<Format> formats() {
        return Stream.of(
                new Format("{'b':1,'a':['x',true,null]}", "map[a:[x true <nil>] b:1]"),
                new Format("[]", "[]"),
                new Format("1.5", "1.5"),
                new Format("1000000.0", "1e+06"),
                new Format("123456.0", "123456"),
                new Format("0.0001", "0.0001"),
                new Format("0.00001", "1e-05"),
                new Format("-2.5e-7", "-2.5e-07"),
                new Format("12345678901234567890", "12345678901234567890"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void formatsDecodedValuesAsFmtDoes(Format c) {
        assertThat(GoJson.format(Want.json(c.json()))).isEqualTo(c.want());
    }

    record Syntax(String input, String want) {
        @Override
        public String toString() {
            return "'" + input + "'";
        }
    }

    static Stream<Syntax> syntax() {
        return Stream.of(
                new Syntax("{\"a\":[1,2.5e+3,-0,true,false,null,\"\\u00e9\\n\"]}", null),
                new Syntax("  123  ", null),
                new Syntax("[]", null),
                new Syntax("", "unexpected end of JSON input"),
                new Syntax("[1,", "unexpected end of JSON input"),
                new Syntax("'a'", "invalid character '\\'' looking for beginning of value"),
                new Syntax("{\"a\":nul}", "invalid character '}' in literal null (expecting 'l')"),
                new Syntax("{\"a\":fals}", "invalid character '}' in literal false (expecting 'e')"),
                new Syntax("\"\\u12g4\"", "invalid character 'g' in \\u hexadecimal character escape"),
                new Syntax("[1]]", "invalid character ']' after top-level value"),
                new Syntax("{1:2}", "invalid character '1' looking for beginning of object key string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntax")
    void describesSyntaxErrorsAsEncodingJsonDoes(Syntax c) {
        assertThat(GoJson.syntaxError(c.input().getBytes(StandardCharsets.UTF_8))).isEqualTo(c.want());
    }
}
