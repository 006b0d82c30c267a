package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An open incident that meets a new resolution link; Loki credentials; the api key kept out of the logs. */
class UpdatesAndAuthTest {

    private static final String API_KEY = "fedcba9876543210fedcba9876543210";
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(11);

    private void push(RunningPipeline pipeline, long ts, String link) {
        var entry = traffic.chaosErrorLine(ts, link, ChaosShape.HTTP_RESPONSE);
        pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
    }

    @Test
    void aNewLinkSendsOneUpdateInTheThreadAndTheKeyNeverReachesTheLog() throws Exception {
        String firstLink = JwtPizzaTraffic.chaosLink(API_KEY, "aaaa1111");
        String secondLink = JwtPizzaTraffic.chaosLink(API_KEY, "bbbb2222");
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "3s",
                     "grafana.url", "https://grafana.example.com/"))) {
            long ts = RunningPipeline.nowNanos() - 5_000_000_000L;
            for (int i = 0; i < 6; i++) {
                push(pipeline, ts + i, firstLink);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.emails().size() >= 1);
            // within the quiet period of the first errors, by log time
            push(pipeline, ts + 1_000_000_000L, secondLink);
            push(pipeline, ts + 1_500_000_000L, secondLink);

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESOLVED]")));
            List<String> subjects = pipeline.subjects();
            assertThat(subjects).hasSize(3);
            assertThat(subjects.get(1)).startsWith("[UPDATE] jwt-pizza-service: new resolution link");
            MimeMessage firing = pipeline.emails().get(0);
            MimeMessage update = pipeline.emails().get(1);
            assertThat(update.getHeader("In-Reply-To")).containsExactly(firing.getMessageID());
            assertThat(SandboxMail.part(update, "text/plain")).contains(secondLink);
            assertThat(SandboxMail.part(firing, "text/plain"))
                    .contains("Grafana Explore: https://grafana.example.com/explore?orgId=1&left=");

            assertThat(log.all()).isNotEmpty().noneMatch(line -> line.contains(API_KEY));
        }
    }

    @Test
    void basicAuthAndTenantAreSentToLoki() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.user", "123456", "loki.token", "s3cret",
                "loki.org-id", "tenant-a"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 1);
            var headers = pipeline.loki.recordedQueries().get(0).headers();
            String basic = "Basic " + Base64.getEncoder().encodeToString("123456:s3cret".getBytes());
            assertThat(headers.get("authorization")).containsExactly(basic);
            assertThat(headers.get("x-scope-orgid")).containsExactly("tenant-a");
        }
    }

    @Test
    void aTokenWithoutUserIsSentAsBearerAndNoCredentialsMeansNoHeader() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.token", "gateway-token"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 1);
            assertThat(pipeline.loki.recordedQueries().get(0).headers().get("authorization"))
                    .containsExactly("Bearer gateway-token");
        }
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 1);
            var headers = pipeline.loki.recordedQueries().get(0).headers();
            assertThat(headers).doesNotContainKeys("authorization", "x-scope-orgid");
        }
    }
}
