package dev.logremediation.observe;

import dev.logremediation.cli.Demo;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxPizza;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.logremediation.observe.ObserveClient.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole story counted: FIRING, link followed, purchase verified, RESOLVED; and an SMTP server that is down. */
class ObserveRemediationTest {

    private static final String WATCH = "jwt-pizza-service";
    private static final String DINER_PASSWORD = "diner-secret-pw-5150";

    private SandboxPizza pizza;

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    @Test
    void remediationVerificationAndEmailsAreCountedByOutcome() throws Exception {
        int port = ObserveClient.freePort();
        ObserveClient client = new ObserveClient(port);
        try (RunningPipeline pipeline = RunningPipeline.start(loki -> {
            pizza = SandboxPizza.start(loki);
            pizza.setDiner("d@jwt.com", DINER_PASSWORD);
            // the demo's shop settings, with this test's port, diner password and short delays
            Map<String, String> settings = new HashMap<>(Demo.shopOverrides(pizza));
            settings.put("observe.port", Integer.toString(port));
            settings.put("verification.diner-email", "d@jwt.com");
            settings.put("verification.diner-password", DINER_PASSWORD);
            settings.put("verification.delay", "100");
            settings.put("incident.quiet-period", "3s");
            return settings;
        })) {
            // the chaos link in the shop's error lines, as the shop logs them
            String link = pizza.startChaos("fail");
            JwtPizzaTraffic traffic = new JwtPizzaTraffic(19);
            long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
            for (int i = 0; i < 6; i++) {
                pipeline.loki.push(traffic.chaosErrorLine(ts + i * 1_000_000L, link, ChaosShape.HTTP_RESPONSE));
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESOLVED]")));
            await().atMost(Duration.ofSeconds(5)).until(() -> value(client.metrics(),
                    "logremediation_emails_sent_total", Map.of()) == 3);

            String metrics = client.metrics();
            assertThat(value(metrics, "logremediation_incidents_opened_total", Map.of("watch", WATCH))).isEqualTo(1);
            assertThat(value(metrics, "logremediation_incidents_resolved_total", Map.of("watch", WATCH))).isEqualTo(1);
            assertThat(value(metrics, "logremediation_incidents_open", Map.of("watch", WATCH))).isZero();
            assertThat(value(metrics, "logremediation_remediations_total", Map.of("outcome", "resolved"))).isEqualTo(1);
            assertThat(value(metrics, "logremediation_remediations_total", Map.of("outcome", "stale_link"))).isZero();
            assertThat(value(metrics, "logremediation_verifications_total", Map.of("outcome", "passed"))).isEqualTo(1);
            assertThat(value(metrics, "logremediation_verifications_total", Map.of("outcome", "shop_down"))).isZero();
            assertThat(value(metrics, "logremediation_emails_sent_total", Map.of())).isEqualTo(3);
            assertThat(value(metrics, "logremediation_emails_failed_total", Map.of())).isZero();
            assertThat(pipeline.emails()).hasSize(3);
            assertThat(metrics).doesNotContain(pizza.apiKey()).doesNotContain(DINER_PASSWORD);
            assertThat(client.get("/observe/health?data=true").body()).doesNotContain(pizza.apiKey())
                    .doesNotContain(DINER_PASSWORD);
        }
    }

    @Test
    void anSmtpServerThatIsDownCountsFailedDeliveries() throws Exception {
        int port = ObserveClient.freePort();
        ObserveClient client = new ObserveClient(port);
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(23);
        String link = JwtPizzaTraffic.chaosLink("feedfacefeedfacefeedfacefeedface", "m41ld0wn");
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("observe.port", Integer.toString(port),
                "incident.quiet-period", "60s"))) {
            pipeline.mail.close();
            long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
            for (int i = 0; i < 5; i++) {
                var entry = traffic.chaosErrorLine(ts + i * 1_000_000L, link, ChaosShape.HTTP_RESPONSE);
                pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> value(client.metrics(),
                    "logremediation_emails_failed_total", Map.of()) >= 1);
            String metrics = client.metrics();
            assertThat(value(metrics, "logremediation_emails_sent_total", Map.of())).isZero();
            assertThat(value(metrics, "logremediation_incidents_opened_total", Map.of("watch", WATCH))).isEqualTo(1);
            assertThat(pipeline.emails()).isEmpty();
            assertThat(metrics).doesNotContain("feedfacefeedfacefeedfacefeedface");
        }
    }
}
