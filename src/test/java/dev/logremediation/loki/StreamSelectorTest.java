package dev.logremediation.loki;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which label sets a watch's query reads: its stream selector, whatever follows it. */
class StreamSelectorTest {

    private static final Map<String, String> SERVICE = Map.of("component", "jwt-pizza-service", "level", "error");
    private static final Map<String, String> RENAMED = Map.of("source", "jwt-pizza-service", "level", "error");

    private static StreamSelector parse(String query) throws LogQlText.ParseException {
        return StreamSelector.parse(query);
    }

    @Test
    void eachOperatorMatchesAsInLokiAndAMissingLabelIsTheEmptyValue() throws Exception {
        assertThat(parse("{component=\"jwt-pizza-service\"} |= \"can't happen\" | json").matches(SERVICE)).isTrue();
        assertThat(parse("{component=\"jwt-pizza-service\"}").matches(RENAMED)).isFalse();
        assertThat(parse("{component!=\"jwt-pizza-service\", level=\"error\"}").matches(RENAMED)).isTrue();
        assertThat(parse("{component=~\"jwt-.*\"}").matches(SERVICE)).isTrue();
        assertThat(parse("{component=~\"jwt\"}").matches(SERVICE)).as("a regex matches the whole value").isFalse();
        assertThat(parse("{component!~\"franchise-.+\", level=`error`}").matches(SERVICE)).isTrue();
        assertThat(parse("{component=\"\", source=~\"jwt.+\"}").matches(RENAMED)).isTrue();
    }

    @Test
    void itNamesItsLabelsAndWritesMatchersBackAsLogQl() throws Exception {
        StreamSelector selector = parse("{ component = \"a\\\"b\" , level=~\"err.*\", component!=\"x\" }");
        assertThat(selector.labelNames()).containsExactly("component", "level");
        assertThat(selector.matchers()).extracting(StreamSelector.Matcher::toString)
                .containsExactly("component=\"a\\\"b\"", "level=~\"err.*\"", "component!=\"x\"");
    }

    @Test
    void aBrokenSelectorIsRefusedWithLokisWording() {
        assertThatThrownBy(() -> parse("{component=}")).isInstanceOf(LogQlText.ParseException.class)
                .hasMessage("parse error at line 1, col 12: syntax error: unexpected '}', expecting STRING");
        assertThatThrownBy(() -> parse("{level=~\"[\"}")).hasMessageContaining("error parsing regexp");
    }
}
