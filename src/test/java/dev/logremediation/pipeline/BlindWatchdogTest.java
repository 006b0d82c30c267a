package dev.logremediation.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Loki failing for longer than loki.blind-after: one "blind" email; Loki back: one "restored" email. */
class BlindWatchdogTest {

    @Test
    void onCallHearsOnceThatMonitoringIsBlindAndOnceThatItIsRestored() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.blind-after", "2s",
                "loki.blind-check-interval", "200", "loki.first-poll-delay", "500"))) {
            // every request fails for a while (each poll tries 1 + 3 times)
            for (int i = 0; i < 80; i++) {
                pipeline.loki.failNext(503, "text/plain", "Service Unavailable");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[BLIND] jwt-pizza-service: no successful Loki poll since")));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESTORED] jwt-pizza-service")));
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() > queries + 5);
            assertThat(pipeline.subjects()).hasSize(2);
            assertThat(pipeline.subjects().get(0)).startsWith("[BLIND]");
            assertThat(pipeline.subjects().get(1)).startsWith("[RESTORED]");
        }
    }
}
