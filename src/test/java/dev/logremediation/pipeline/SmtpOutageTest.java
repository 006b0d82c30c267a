package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SMTP down when the incident fires: the email waits in the outbox and is delivered once SMTP is back, once. */
class SmtpOutageTest {

    @Test
    void theFiringEmailWaitsForSmtpAndIsDeliveredExactlyOnce() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("mail.retry-first", "300ms",
                     "mail.retry-check-interval", "100", "incident.quiet-period", "30s"))) {
            pipeline.mail.stop();
            JwtPizzaTraffic traffic = new JwtPizzaTraffic(4);
            String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
            long ts = RunningPipeline.nowNanos() - 2_000_000_000L;
            for (int i = 0; i < 5; i++) {
                pipeline.loki.push(traffic.chaosErrorLine(ts + i, link, ChaosShape.HTTP_RESPONSE));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> log.lines("WARN").stream()
                    .filter(line -> line.contains("not delivered")).count() >= 2);
            assertThat(pipeline.emails()).isEmpty();

            pipeline.mail.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.emails().size() >= 1);
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() > queries + 5);
            assertThat(pipeline.subjects()).singleElement().asString().startsWith("[FIRING] jwt-pizza-service");
        }
    }
}
