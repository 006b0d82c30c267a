package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The label API as Loki 2.8 serves it: names and values of the streams within start..end (ns), sorted. */
class SandboxLokiLabelsTest {

    private SandboxLoki loki;
    private LokiTestClient client;
    private long t0;

    @BeforeEach
    void start() {
        loki = SandboxLoki.start();
        client = new LokiTestClient(loki);
        t0 = LokiTestClient.anHourAgoNanos();
        loki.push(Map.of("source", "pizza-factory", "level", "info"), t0, "made");
        loki.push(Map.of("component", "jwt-pizza-service", "level", "error"), t0 + 1, "failed");
        loki.push(Map.of("component", "jwt-pizza-service", "level", "info"), t0 + 2, "ok");
        loki.push(Map.of("component", "franchise-shop", "level", "info"), t0 + 3, "ok");
        // an hour later: outside the ranges asked below
        loki.push(Map.of("app", "later", "component", "zz-late"), t0 + 3_600_000_000_000L, "later");
    }

    @AfterEach
    void stop() {
        loki.close();
    }

    private HttpResponse<String> get(String path, String... extra) {
        StringBuilder query = new StringBuilder("?start=" + (t0 - 1_000_000_000L) + "&end=" + (t0 + 1_000_000_000L));
        for (int i = 0; i < extra.length; i += 2) {
            query.append('&').append(extra[i]).append('=').append(URLEncoder.encode(extra[i + 1], StandardCharsets.UTF_8));
        }
        return client.get(path + query);
    }

    private static List<String> data(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = json(response);
        assertThat(answer.path("status").asText()).isEqualTo("success");
        List<String> data = new ArrayList<>();
        answer.path("data").forEach(value -> data.add(value.asText()));
        return data;
    }

    @Test
    void labelsAreTheSortedNamesOfTheStreamsInTheRange() {
        assertThat(data(get("/loki/api/v1/labels"))).containsExactly("component", "level", "source");
        assertThat(data(get("/loki/api/v1/label"))).containsExactly("component", "level", "source");
    }

    @Test
    void labelValuesAreSortedAndMayBeNarrowedByASelector() {
        assertThat(data(get("/loki/api/v1/label/component/values")))
                .containsExactly("franchise-shop", "jwt-pizza-service");
        assertThat(data(get("/loki/api/v1/label/level/values", "query", "{component=\"jwt-pizza-service\"}")))
                .containsExactly("error", "info");
        assertThat(data(get("/loki/api/v1/label/level/values", "query", "{source=\"pizza-factory\"}")))
                .containsExactly("info");
    }

    @Test
    void aLabelNoStreamHasAnswersSuccessWithoutData() {
        HttpResponse<String> answer = get("/loki/api/v1/label/servce/values");
        assertThat(data(answer)).isEmpty();
        assertThat(json(answer).has("data")).isFalse();
    }

    @Test
    void errorsArePlainText() {
        HttpResponse<String> badStart = client.get("/loki/api/v1/labels?start=yesterday");
        assertThat(badStart.statusCode()).isEqualTo(400);
        assertThat(badStart.body()).isEqualTo(
                "could not parse 'start' parameter: strconv.ParseInt: parsing \"yesterday\": invalid syntax\n");

        HttpResponse<String> badQuery = get("/loki/api/v1/label/level/values", "query", "{component=}");
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.body()).startsWith("parse error at line 1, col 12: syntax error");

        assertThat(client.get("/loki/api/v1/label/level/nothing").statusCode()).isEqualTo(404);
    }
}
