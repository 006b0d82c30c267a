package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.json;
import static dev.logremediation.sandbox.LokiTestClient.lines;
import static dev.logremediation.sandbox.LokiTestClient.params;
import static dev.logremediation.sandbox.LokiTestClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.sandbox.LokiTestClient.Value;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxLokiQueryTest {

    private static final Map<String, String> ERRORS = Map.of("component", "jwt-pizza-service", "level", "error");
    private static final Map<String, String> INFOS = Map.of("component", "jwt-pizza-service", "level", "info");
    private static final String SERVICE_QUERY = "{component=\"jwt-pizza-service\"}";

    private SandboxLoki loki;
    private LokiTestClient client;
    private long t0;

    @BeforeEach
    void start() {
        loki = SandboxLoki.start();
        client = new LokiTestClient(loki);
        t0 = LokiTestClient.anHourAgoNanos();
    }

    @AfterEach
    void stop() {
        loki.close();
    }

    private HttpResponse<String> query(String... extraParams) {
        Map<String, String> params = params("query", SERVICE_QUERY, "start", Long.toString(t0 - 60_000_000_000L),
                "end", Long.toString(t0 + 60_000_000_000L));
        params.putAll(params(extraParams));
        return client.queryRange(params);
    }

    @Test
    void pushedLinesComeBackFromQueryRange() {
        HttpResponse<String> pushed = client.push(LokiTestClient.pushBody(ERRORS,
                List.of(List.of(Long.toString(t0), "line one"), List.of(Long.toString(t0 + 1), "line two"))));
        assertThat(pushed.statusCode()).isEqualTo(204);
        assertThat(pushed.body()).isEmpty();

        HttpResponse<String> answer = query("direction", "forward");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(answer);
        assertThat(body.path("status").textValue()).isEqualTo("success");
        assertThat(body.path("data").path("resultType").textValue()).isEqualTo("streams");
        assertThat(body.path("data").path("stats").isObject()).isTrue();
        assertThat(values(answer)).containsExactly(
                new Value(ERRORS, Long.toString(t0), "line one"),
                new Value(ERRORS, Long.toString(t0 + 1), "line two"));
    }

    @Test
    void timestampsAreNanosecondStrings() {
        long ts = t0 + 123_456_789;
        loki.push(ERRORS, ts, "x");

        JsonNode value = json(query()).path("data").path("result").get(0).path("values").get(0);

        assertThat(value.get(0).isTextual()).isTrue();
        assertThat(value.get(0).textValue()).hasSize(19).isEqualTo(Long.toString(ts));
        assertThat(value.size()).isEqualTo(2);
    }

    @Test
    void limitIsGlobalAcrossStreams() {
        for (int i = 0; i < 5; i++) {
            loki.push(ERRORS, t0 + 2L * i, "error " + i);    // even nanoseconds
            loki.push(INFOS, t0 + 2L * i + 1, "info " + i);  // odd nanoseconds
        }

        List<Value> forward = values(query("direction", "forward", "limit", "4"));
        List<Value> backward = values(query("direction", "backward", "limit", "4"));

        assertThat(forward).extracting(Value::line).containsExactlyInAnyOrder("error 0", "info 0", "error 1", "info 1");
        assertThat(backward).extracting(Value::line).containsExactlyInAnyOrder("error 4", "info 4", "error 3", "info 3");
    }

    @Test
    void streamsAreOrderedByLabelsAndValuesFollowTheDirection() {
        // the info stream is older, but "error" sorts before "info": results are by labels, not by time
        loki.push(INFOS, t0, "info old");
        loki.push(INFOS, t0 + 1, "info new");
        loki.push(ERRORS, t0 + 10, "error old");
        loki.push(ERRORS, t0 + 11, "error new");

        assertThat(lines(query("direction", "forward"))).containsExactly("error old", "error new", "info old", "info new");
        assertThat(lines(query("direction", "backward"))).containsExactly("error new", "error old", "info new", "info old");
        assertThat(json(query()).path("data").path("result").get(0).path("stream").path("level").textValue())
                .isEqualTo("error");
    }

    @Test
    void defaultsAreBackwardAndOneHundredEntries() {
        for (int i = 0; i < 150; i++) {
            loki.push(ERRORS, t0 + i, "line " + i);
        }

        List<Value> answer = values(query());

        assertThat(answer).hasSize(100);
        assertThat(answer.get(0).line()).isEqualTo("line 149");
        assertThat(answer.get(99).line()).isEqualTo("line 50");
    }

    @Test
    void defaultRangeIsTheLastHourUpToNow() {
        long now = Instant.now().getEpochSecond() * 1_000_000_000L;
        loki.push(ERRORS, now - 2 * 3_600_000_000_000L, "two hours ago");
        loki.push(ERRORS, now - 60_000_000_000L, "a minute ago");

        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY)))).containsExactly("a minute ago");
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "since", "3h"))))
                .containsExactly("a minute ago", "two hours ago");
    }

    @Test
    void startIsInclusiveAndEndIsExclusive() {
        for (int i = 0; i < 4; i++) {
            loki.push(ERRORS, t0 + i, "at " + i);
        }

        HttpResponse<String> answer = client.queryRange(params("query", SERVICE_QUERY,
                "start", Long.toString(t0 + 1), "end", Long.toString(t0 + 3), "direction", "forward"));

        assertThat(lines(answer)).containsExactly("at 1", "at 2");
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY,
                "start", Long.toString(t0 + 1), "end", Long.toString(t0 + 1))))).isEmpty();
    }

    @Test
    void linesSharingOneNanosecondAreKeptPerStreamAndExactRepeatsDropped() {
        loki.push(ERRORS, t0, "same text");
        loki.push(ERRORS, t0, "second");
        loki.push(ERRORS, t0, "third");
        loki.push(INFOS, t0, "same text");
        loki.push(INFOS, t0, "second");

        loki.push(ERRORS, t0, "same text"); // an exact repeat of (labels, ts, line)
        HttpResponse<String> repeatOverHttp = client.push(LokiTestClient.pushBody(INFOS,
                List.of(List.of(Long.toString(t0), "second"))));

        assertThat(repeatOverHttp.statusCode()).isEqualTo(204);
        assertThat(loki.entryCount()).isEqualTo(5);
        List<Value> answer = values(query("direction", "forward"));
        assertThat(answer).hasSize(5).allMatch(v -> v.timestamp().equals(Long.toString(t0)));
        assertThat(answer).filteredOn(v -> v.line().equals("same text")).extracting(Value::stream)
                .containsExactly(ERRORS, INFOS);
    }

    @Test
    void tiesInOneNanosecondFollowLokisMergeOrder() {
        loki.push(INFOS, t0, "info a");
        loki.push(ERRORS, t0, "error a");
        loki.push(ERRORS, t0, "error b");

        // ties across streams: stream labels ascending; inside a stream: arrival order, reversed going backward
        assertThat(lines(query("direction", "forward", "limit", "2"))).containsExactly("error a", "error b");
        assertThat(lines(query("direction", "backward", "limit", "2"))).containsExactly("error b", "error a");
        assertThat(lines(query("direction", "forward", "limit", "3"))).containsExactly("error a", "error b", "info a");
    }

    @Test
    void linesAreHtmlSafeEscapedLikeGo() {
        String line = "<b>\"R&D\"</b>\ttab\u2028";
        loki.push(ERRORS, t0, line);

        HttpResponse<String> answer = query();

        assertThat(answer.body()).contains("\\u003cb\\u003e\\\"R\\u0026D\\\"\\u003c/b\\u003e\\ttab\\u2028");
        assertThat(answer.body()).doesNotContain("<b>");
        assertThat(lines(answer)).containsExactly(line);
    }

    @Test
    void selectorMatchersAndLineFiltersNarrowTheAnswer() {
        loki.push(ERRORS, t0, "POST /api/order 500 Failed to fulfill order at factory");
        loki.push(ERRORS, t0 + 1, "GET /api/order/menu 500 connect ECONNREFUSED 127.0.0.1:3306");
        loki.push(ERRORS, t0 + 2, "POST /api/order 500 fetch failed");
        loki.push(INFOS, t0 + 3, "POST /api/order 200 failed nothing");
        loki.push(Map.of("component", "other-service", "level", "error"), t0 + 4, "POST /api/order 500 failed elsewhere");

        String filtered = "{component=\"jwt-pizza-service\", level=~\"err.*\"} |= \"/api/order\" != \"menu\""
                + " |~ `(?i)FAILED` !~ \"fetch\"";
        assertThat(lines(query("query", filtered))).containsExactly("POST /api/order 500 Failed to fulfill order at factory");

        assertThat(lines(query("query", "{component!=\"jwt-pizza-service\", level=\"error\"}")))
                .containsExactly("POST /api/order 500 failed elsewhere");
        assertThat(lines(query("query", "{component=~\".+\", level!~\"info|warn\"} |= \"failed\"", "direction", "forward")))
                .containsExactly("POST /api/order 500 fetch failed", "POST /api/order 500 failed elsewhere");
        assertThat(lines(query("query", "{component=~\"jwt\"}"))).as("label regexes match the whole value").isEmpty();
        assertThat(lines(query("query", "{level=\"error\", missing=\"\"} |= \"ECONNREFUSED\"")))
                .containsExactly("GET /api/order/menu 500 connect ECONNREFUSED 127.0.0.1:3306");
    }

    @Test
    void timestampsAcceptSecondsDecimalsAndRfc3339() {
        loki.push(ERRORS, t0, "at second");
        loki.push(ERRORS, t0 + 1_000_000, "one millisecond later");
        loki.push(ERRORS, t0 + 999_999_999, "last nanosecond of the second");
        String seconds = Long.toString(t0 / 1_000_000_000L);
        String rfc3339 = Instant.ofEpochSecond(t0 / 1_000_000_000L).toString();

        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "start", seconds,
                "end", seconds + ".0006", "direction", "forward")))).containsExactly("at second");
        // .0004 rounds down to the whole second: the end is exclusive, so nothing is left
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "start", seconds,
                "end", seconds + ".0004")))).isEmpty();
        // a decimal is rounded to milliseconds: .0006 is .001
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "start", seconds + ".0006",
                "end", seconds + ".9", "direction", "forward")))).containsExactly("one millisecond later");
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "start", rfc3339,
                "end", rfc3339.replace("Z", ".999999999Z"), "direction", "forward"))))
                .containsExactly("at second", "one millisecond later");
        assertThat(lines(client.queryRange(params("query", SERVICE_QUERY, "start", Long.toString(t0 + 999_999_999),
                "end", Long.toString(t0 + 1_000_000_000))))).containsExactly("last nanosecond of the second");
    }

    @Test
    void cannedAnswersAreServedInOrderThenNormalAnswersResume() {
        loki.push(ERRORS, t0, "real line");
        loki.failNext(429, "text/plain; charset=utf-8", "too many outstanding requests");
        loki.failNext(503, "text/html", "<html><body>Bad gateway</body></html>");
        loki.failNext(200, "application/json", "{\"status\":\"succ");
        loki.failNext(200, null, "");

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(query("limit", Integer.toString(i + 1)));
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(429, 503, 200, 200, 200);
        assertThat(answers.get(0).body()).isEqualTo("too many outstanding requests");
        assertThat(answers.get(0).headers().firstValue("Retry-After")).isEmpty();
        assertThat(answers.get(1).headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(answers.get(2).body()).isEqualTo("{\"status\":\"succ");
        assertThat(answers.get(3).body()).isEmpty();
        assertThat(answers.get(3).headers().firstValue("Content-Type")).isEmpty();
        assertThat(lines(answers.get(4))).containsExactly("real line");
        assertThat(loki.queryCount()).isEqualTo(5);
        assertThat(loki.queryRequests()).hasSize(5).allSatisfy(uri -> {
            assertThat(uri.toString()).startsWith(loki.baseUrl() + LokiTestClient.QUERY_RANGE + "?query=");
        });
        assertThat(loki.queryRequests().get(2).getRawQuery()).endsWith("limit=3");
    }

    @Test
    void requestHeadersAreRecordedAndClearForgetsEverything() {
        loki.push(ERRORS, t0, "x");
        client.send(HttpRequest.newBuilder(java.net.URI.create(loki.baseUrl() + LokiTestClient.QUERY_RANGE
                + "?query=" + java.net.URLEncoder.encode(SERVICE_QUERY, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer secret-token").header("X-Scope-OrgID", "tenant-1"));

        SandboxLoki.RecordedQuery recorded = loki.recordedQueries().get(0);
        assertThat(recorded.headers().get("authorization")).containsExactly("Bearer secret-token");
        assertThat(recorded.headers().get("x-scope-orgid")).containsExactly("tenant-1");

        loki.failNext(500, null, "dropped by clear");
        loki.clear();

        assertThat(loki.entryCount()).isZero();
        assertThat(loki.queryCount()).isZero();
        assertThat(loki.queryRequests()).isEmpty();
        HttpResponse<String> afterClear = query();
        assertThat(afterClear.statusCode()).isEqualTo(200);
        assertThat(lines(afterClear)).isEmpty();
        assertThat(json(afterClear).path("data").path("result").isArray()).isTrue();
    }

    @Test
    void categorizeLabelsFlagAddsAThirdElementLikeLoki3() {
        loki.push(ERRORS, t0, "x");

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(java.net.URI.create(loki.baseUrl()
                        + LokiTestClient.QUERY_RANGE + "?since=2h&query=" + java.net.URLEncoder.encode(SERVICE_QUERY,
                        java.nio.charset.StandardCharsets.UTF_8)))
                .header("X-Loki-Response-Encoding-Flags", "categorize-labels"));

        JsonNode value = json(answer).path("data").path("result").get(0).path("values").get(0);
        assertThat(value.size()).isEqualTo(3);
        assertThat(value.get(2).isObject()).isTrue();
        assertThat(json(query()).path("data").path("result").get(0).path("values").get(0).size()).isEqualTo(2);
    }

    @Test
    void readyAnswers200() {
        HttpResponse<String> ready = client.get("/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body().strip()).isEqualTo("ready");
        assertThat(client.get("/loki/api/v1/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void aLargeStoreAnswersFullPagesInOrder() {
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            loki.push(i % 2 == 0 ? ERRORS : INFOS, t0 + i, "line " + i);
        }

        List<Value> page = values(client.queryRange(params("query", SERVICE_QUERY,
                "start", Long.toString(t0 + 100_000), "end", Long.toString(t0 + count), "limit", "5000",
                "direction", "forward")));

        assertThat(loki.entryCount()).isEqualTo(count);
        assertThat(page).hasSize(5000);
        assertThat(page.stream().mapToLong(v -> Long.parseLong(v.timestamp())).min().orElseThrow()).isEqualTo(t0 + 100_000);
        assertThat(page.stream().mapToLong(v -> Long.parseLong(v.timestamp())).max().orElseThrow()).isEqualTo(t0 + 104_999);
    }
}
