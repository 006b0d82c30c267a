package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every query_range 400 of the spec: plain text (never JSON), labelled application/json as Loki 2.8 does. */
class SandboxLokiBadRequestTest {

    private static final String OK_QUERY = "{component=\"jwt-pizza-service\"}";
    private static SandboxLoki loki;
    private static LokiTestClient client;

    @BeforeAll
    static void start() {
        loki = SandboxLoki.start();
        client = new LokiTestClient(loki);
    }

    @AfterAll
    static void stop() {
        loki.close();
    }

    static Stream<Arguments> badRequests() {
        String now = Long.toString(LokiTestClient.anHourAgoNanos());
        String earlier = Long.toString(LokiTestClient.anHourAgoNanos() - 1);
        String tooLongAgo = Long.toString(LokiTestClient.anHourAgoNanos() - 722L * 3_600_000_000_000L);
        String empty = "queries require at least one regexp or equality matcher that does not have an empty-compatible value";
        return Stream.of(
                Arguments.of("empty selector", params("query", "{}"), "parse error : " + empty),
                Arguments.of("match-anything regex", params("query", "{job=~\".*\"}"), empty),
                Arguments.of("only a negative matcher", params("query", "{job!=\"x\"}"), empty),
                Arguments.of("only an empty equality", params("query", "{job=\"\"} |= \"x\""), empty),
                Arguments.of("no query", params("start", earlier), "parse error"),
                Arguments.of("unclosed selector", params("query", "{job=\"x\""), "parse error"),
                Arguments.of("unquoted value", params("query", "{job=x}"), "parse error"),
                Arguments.of("metric query", params("query", "count_over_time({job=\"x\"}[5m])"), "parse error"),
                Arguments.of("parser stage", params("query", OK_QUERY + " | json"), "parse error"),
                Arguments.of("filter without string", params("query", OK_QUERY + " |= error"), "parse error"),
                Arguments.of("bad line regex", params("query", OK_QUERY + " |~ \"(\""), "error parsing regexp"),
                Arguments.of("bad label regex", params("query", "{job=~\"[\"}"), "error parsing regexp"),
                Arguments.of("limit zero", params("query", OK_QUERY, "limit", "0"), "limit must be a positive value"),
                Arguments.of("limit negative", params("query", OK_QUERY, "limit", "-5"), "limit must be a positive value"),
                Arguments.of("limit not a number", params("query", OK_QUERY, "limit", "ten"), "invalid syntax"),
                Arguments.of("limit over the server cap", params("query", OK_QUERY, "limit", "5001"),
                        "max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)"),
                Arguments.of("unknown direction", params("query", OK_QUERY, "direction", "sideways"),
                        "invalid direction 'sideways'"),
                Arguments.of("end before start", params("query", OK_QUERY, "start", now, "end", earlier),
                        "end timestamp must not be before or equal to start time"),
                Arguments.of("range over 721h", params("query", OK_QUERY, "start", tooLongAgo, "end", now),
                        "the query time range exceeds the limit"),
                Arguments.of("start not a time", params("query", OK_QUERY, "start", "yesterday"),
                        "could not parse 'start' parameter"),
                Arguments.of("end not a time", params("query", OK_QUERY, "end", "2026-13-45T00:00:00Z"),
                        "could not parse 'end' parameter"),
                Arguments.of("since not a duration", params("query", OK_QUERY, "since", "an hour"),
                        "could not parse 'since' parameter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void answers400WithAPlainTextMessage(String name, Map<String, String> params, String expectedMessage) {
        HttpResponse<String> answer = client.queryRange(params);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains(expectedMessage).doesNotStartWith("{").doesNotStartWith("\"");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void theServerCapCanBeLowered() {
        loki.setMaxEntriesLimit(10);
        try {
            assertThat(client.queryRange(params("query", OK_QUERY, "limit", "11")).statusCode()).isEqualTo(400);
            assertThat(client.queryRange(params("query", OK_QUERY, "limit", "10")).statusCode()).isEqualTo(200);
        } finally {
            loki.setMaxEntriesLimit(SandboxLoki.DEFAULT_MAX_ENTRIES_LIMIT);
        }
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        String now = Long.toString(LokiTestClient.anHourAgoNanos());
        String exactly721h = Long.toString(LokiTestClient.anHourAgoNanos() - 721L * 3_600_000_000_000L);

        assertThat(client.queryRange(params("query", OK_QUERY, "limit", "5000")).statusCode()).isEqualTo(200);
        assertThat(client.queryRange(params("query", OK_QUERY, "start", exactly721h, "end", now)).statusCode())
                .isEqualTo(200);
        assertThat(client.queryRange(params("query", OK_QUERY, "direction", "FORWARD")).statusCode()).isEqualTo(200);
        assertThat(client.queryRange(params("query", "{job!=\"\"}")).statusCode()).isEqualTo(200);
    }
}
