package dev.logremediation.observe;

import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.logremediation.observe.ObserveClient.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The product as it runs, asked over real HTTP: /observe/health and /observe/metrics. */
class ObserveEndpointsTest {

    private static final String WATCH = "jwt-pizza-service";
    private static final String API_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String LINK = JwtPizzaTraffic.chaosLink(API_KEY, "obs3rv3x");
    private static final String LOKI_TOKEN = "glc_observe-test-token-4711";

    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(17);

    private static Map<String, String> settings(int port, String... more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("observe.port", Integer.toString(port));
        settings.put("loki.user", "12345");
        settings.put("loki.token", LOKI_TOKEN);
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private void pushBurst(RunningPipeline pipeline, int count) {
        long start = RunningPipeline.nowNanos() - 5_000_000_000L;
        for (int i = 0; i < count; i++) {
            var entry = traffic.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE);
            pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
        }
    }

    private static Map<String, String> watch(String... more) {
        Map<String, String> labels = new HashMap<>(Map.of("watch", WATCH));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels;
    }

    @Test
    void healthIsUpAndTheMetricsCountABurstOfErrors() throws Exception {
        int port = ObserveClient.freePort();
        ObserveClient client = new ObserveClient(port);
        try (RunningPipeline pipeline = RunningPipeline.start(settings(port, "incident.quiet-period", "60s"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> value(client.metrics(),
                    "logremediation_polls_total", watch("outcome", "ok")) >= 1);
            pushBurst(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.emails().size() >= 1);
            // FIRING is emailed from within the poll that read the burst; that poll commits right after
            await().atMost(Duration.ofSeconds(5)).until(() -> value(client.metrics(),
                    "logremediation_lines_read_total", watch()) >= 6);

            String metrics = client.metrics();
            assertThat(value(metrics, "logremediation_polls_total", watch("outcome", "ok"))).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "logremediation_polls_total", watch("outcome", "failed"))).isZero();
            assertThat(value(metrics, "logremediation_lines_read_total", watch())).isGreaterThanOrEqualTo(6);
            assertThat(value(metrics, "logremediation_errors_seen_total", watch())).isEqualTo(6);
            assertThat(value(metrics, "logremediation_incidents_opened_total", watch())).isEqualTo(1);
            assertThat(value(metrics, "logremediation_incidents_open", watch())).isEqualTo(1);
            assertThat(value(metrics, "logremediation_incidents_resolved_total", watch())).isZero();
            assertThat(value(metrics, "logremediation_emails_sent_total", Map.of())).isEqualTo(1);
            assertThat(value(metrics, "logremediation_emails_failed_total", Map.of())).isZero();
            assertThat(value(metrics, "logremediation_remediations_total", Map.of("outcome", "resolved"))).isZero();
            assertThat(value(metrics, "logremediation_verifications_total", Map.of("outcome", "passed"))).isZero();
            assertThat(value(metrics, "logremediation_poll_lag_seconds", watch())).isBetween(0.0, 5.0);
            // Camel's own route metrics come along
            assertThat(metrics).contains("camel_exchanges_total{");
            // no secret, in a label or anywhere else (the link, api key and all, did reach on-call)
            assertThat(SandboxMail.part(pipeline.emails().get(0), "text/plain")).contains(LINK);
            assertThat(metrics).doesNotContain(API_KEY).doesNotContain(LOKI_TOKEN).doesNotContain(LINK);

            ObserveClient.Answer health = client.get("/observe/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asText()).isEqualTo("UP");
            ObserveClient.Answer ready = client.get("/observe/health/ready?data=true");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("UP");
            JsonNode check = ready.check(LokiReadiness.ID);
            assertThat(check.path("status").asText()).isEqualTo("UP");
            assertThat(check.path("data").path("loki").asText()).isEqualTo("ready (HTTP 200)");
            assertThat(check.path("data").path("watch." + WATCH + ".last-successful-poll").asText()).endsWith("s ago");
            assertThat(ready.body()).doesNotContain(LOKI_TOKEN).doesNotContain(pipeline.loki.baseUrl());
            // remediation rounds waiting: a readiness detail that stays UP, and gauges
            JsonNode rounds = ready.check(RemediationBacklogCheck.ID);
            assertThat(rounds.path("status").asText()).isEqualTo("UP");
            assertThat(rounds.path("data").path("waiting").asLong(-1)).isZero();
            assertThat(rounds.path("data").path("failing").asLong(-1)).isZero();
            assertThat(value(metrics, "logremediation_remediation_rounds_waiting", Map.of())).isZero();
            ObserveClient.Answer live = client.get("/observe/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().path("status").asText()).isEqualTo("UP");
            assertThat(live.check(LokiReadiness.ID).isMissingNode()).as("readiness only").isTrue();
        }
    }

    @Test
    void aClosedLokiMakesReadinessDownButNotLiveness() throws Exception {
        int port = ObserveClient.freePort();
        ObserveClient client = new ObserveClient(port);
        try (RunningPipeline pipeline = RunningPipeline.start(settings(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/observe/health/ready").status() == 200);

            pipeline.loki.close();

            ObserveClient.Answer ready = client.get("/observe/health/ready?data=true");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.check(LokiReadiness.ID).path("message").asText()).isEqualTo("Loki unreachable (ConnectException)");
            assertThat(ready.body()).doesNotContain(LOKI_TOKEN).doesNotContain(pipeline.loki.baseUrl());
            // remediation rounds waiting: a readiness detail that stays UP, and gauges
            JsonNode rounds = ready.check(RemediationBacklogCheck.ID);
            assertThat(rounds.path("status").asText()).isEqualTo("UP");
            assertThat(rounds.path("data").path("waiting").asLong(-1)).isZero();
            assertThat(rounds.path("data").path("failing").asLong(-1)).isZero();
            assertThat(value(client.metrics(), "logremediation_remediation_rounds_waiting", Map.of())).isZero();
            ObserveClient.Answer live = client.get("/observe/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().path("status").asText()).isEqualTo("UP");
            // the polls fail too, and are counted
            await().atMost(Duration.ofSeconds(10)).until(() -> value(client.metrics(),
                    "logremediation_polls_total", watch("outcome", "failed")) >= 1);
            assertThat(value(client.metrics(), "logremediation_failures_total",
                    Map.of("route", "watch-" + WATCH))).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void readinessGoesDownWhenNoPollSucceedsForMaxPollAge() throws Exception {
        int port = ObserveClient.freePort();
        ObserveClient client = new ObserveClient(port);
        // Loki's ready endpoint not asked: only the age of the last successful poll can make readiness DOWN
        try (RunningPipeline pipeline = RunningPipeline.start(settings(port, "observe.max-poll-age", "2s",
                "observe.loki-ready-path", ""))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/observe/health/ready").status() == 200);
            assertThat(client.get("/observe/health/ready?data=true").check(LokiReadiness.ID).path("data").has("loki"))
                    .as("Loki not asked").isFalse();

            pipeline.loki.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/observe/health/ready").status() == 503);
            assertThat(client.get("/observe/health/ready").check(LokiReadiness.ID).path("message").asText())
                    .startsWith("watch " + WATCH + " last polled successfully ").endsWith("s ago");
        }
    }
}
