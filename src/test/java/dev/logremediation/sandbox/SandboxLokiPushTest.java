package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.lines;
import static dev.logremediation.sandbox.LokiTestClient.params;
import static dev.logremediation.sandbox.LokiTestClient.pushBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxLokiPushTest {

    private static final Map<String, String> LABELS = Map.of("component", "jwt-pizza-service", "level", "error");
    private static final Map<String, String> QUERY = params("query", "{component=\"jwt-pizza-service\"}",
            "direction", "forward", "since", "2h");

    private SandboxLoki loki;
    private LokiTestClient client;
    private String t0;

    @BeforeEach
    void start() {
        loki = SandboxLoki.start();
        client = new LokiTestClient(loki);
        t0 = Long.toString(LokiTestClient.anHourAgoNanos());
    }

    @AfterEach
    void stop() {
        loki.close();
    }

    @Test
    void gzipBodiesAreAccepted() {
        HttpResponse<String> pushed = client.pushGzip(pushBody(LABELS, List.of(List.of(t0, "zipped line"))));

        assertThat(pushed.statusCode()).isEqualTo(204);
        assertThat(lines(client.queryRange(QUERY))).containsExactly("zipped line");
    }

    @Test
    void aNumberTimestampRejectsTheWholeRequest() {
        String body = "{\"streams\":[{\"stream\":{\"component\":\"jwt-pizza-service\"},"
                + "\"values\":[[\"" + t0 + "\",\"fine\"],[" + t0 + ",\"number timestamp\"]]}]}";

        HttpResponse<String> pushed = client.push(body);

        assertThat(pushed.statusCode()).isEqualTo(400);
        assertThat(pushed.body()).contains("timestamp").doesNotStartWith("{");
        assertThat(loki.entryCount()).isZero();
    }

    @Test
    void aStreamWithoutLabelsIs400ButTheOtherStreamsAreKept() {
        String body = "{\"streams\":[{\"stream\":{},\"values\":[[\"" + t0 + "\",\"no labels\"]]},"
                + "{\"stream\":{\"component\":\"jwt-pizza-service\"},\"values\":[[\"" + t0 + "\",\"labelled\"]]}]}";

        HttpResponse<String> pushed = client.push(body);

        assertThat(pushed.statusCode()).isEqualTo(400);
        assertThat(pushed.body()).contains("at least one label pair is required per stream");
        assertThat(lines(client.queryRange(QUERY))).containsExactly("labelled");
    }

    @Test
    void linesMoreThanTenMinutesInTheFutureAreRejected() {
        long now = LokiTestClient.anHourAgoNanos() + 3_600_000_000_000L;
        String farFuture = Long.toString(now + 11 * 60_000_000_000L);
        String nearFuture = Long.toString(now + 60_000_000_000L);

        HttpResponse<String> pushed = client.push(pushBody(LABELS,
                List.of(List.of(farFuture, "too new"), List.of(nearFuture, "fine"))));

        assertThat(pushed.statusCode()).isEqualTo(400);
        assertThat(pushed.body()).contains("timestamp too new");
        assertThat(loki.entryCount()).isEqualTo(1);
    }

    @Test
    void malformedBodiesAre400() {
        assertThat(client.push("not json").statusCode()).isEqualTo(400);
        assertThat(client.push("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"abc\",\"x\"]]}]}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> noJsonType = client.send(HttpRequest.newBuilder(URI.create(loki.baseUrl() + LokiTestClient.PUSH))
                .POST(HttpRequest.BodyPublishers.ofString(pushBody(LABELS, List.of(List.of(t0, "x"))))));
        assertThat(noJsonType.statusCode()).isEqualTo(400);
        assertThat(loki.entryCount()).isZero();
    }

    @Test
    void theJavaHookFollowsTheSameRules() {
        long ts = Long.parseLong(t0);
        loki.push(LABELS, ts, "once");
        loki.push(LABELS, ts, "once");

        assertThat(loki.entryCount()).isEqualTo(1);
        assertThatThrownBy(() -> loki.push(Map.of(), ts, "no labels"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label pair");
        assertThatThrownBy(() -> loki.push(Map.of("component", ""), ts, "empty label value"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loki.push(LABELS, ts + 7_200_000_000_000L, "too new"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too new");
    }

    @Test
    void ageLimitsAreEnforcedWhenSwitchedOn() {
        long ts = Long.parseLong(t0);
        loki.push(LABELS, ts - 8L * 24 * 3_600_000_000_000L, "eight days old, accepted by default");
        loki.setEnforceAgeLimits(true);
        loki.push(LABELS, ts, "newest");

        assertThatThrownBy(() -> loki.push(LABELS, ts - 2 * 3_600_000_000_000L, "two hours behind"))
                .hasMessageContaining("entry too far behind");
        assertThatThrownBy(() -> loki.push(Map.of("component", "other"), ts - 8L * 24 * 3_600_000_000_000L, "old"))
                .hasMessageContaining("timestamp too old");
        loki.push(LABELS, ts - 30 * 60_000_000_000L, "half an hour behind");
        assertThat(loki.entryCount()).isEqualTo(3);
    }
}
