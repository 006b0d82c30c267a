package dev.logremediation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each chaos kind of the factory, through the sandbox shop and its logs in the sandbox Loki, to the emails on-call
 * gets: the subject and signature name the kind, the report's Impact counts each failed or degraded order once.
 */
class ChaosKindsFlowTest {

    private static final int ORDERS = 6;
    private SandboxPizza pizza;

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    @Test
    void failChaosIsAServerErrorAndEachFailedOrderCountsOnce() throws Exception {
        try (RunningPipeline pipeline = startWithShop()) {
            pizza.startChaos("fail");
            dinerOrders();

            MimeMessage firing = awaitEmail(pipeline, "[FIRING]");
            // the fifth line is the third order's factory line: the factory's signature leads, 3 to 2
            assertThat(firing.getSubject()).isEqualTo("[FIRING] jwt-pizza-service: 5 errors in 1m - "
                    + "factory-request 500 chaos monkey");
            assertThat(part(firing, "text/plain")).contains("Failure:    server error (5xx)\n")
                    .contains("Resolution links (opening one ends the chaos):");

            String report = part(awaitEmail(pipeline, "[RESOLVED]"), "text/markdown");
            assertThat(report).contains("| POST /api/order 500 Failed to fulfill order at factory | 6 |")
                    .contains("- **Failed or degraded orders:** 6 (each order counted once: 6 answers to"
                            + " POST /api/order and 6 factory calls, 6 of them paired (0 by order id, 6 by log time))")
                    .contains("- **Orders affected:** ")
                    .contains("- **Failure kind:** server error (5xx): 12 lines")
                    .contains("- **Upstream message:** chaos monkey")
                    .contains("- **Times shown in:** UTC\n");
        }
    }

    @Test
    void throttleChaosIsASlowSuccessWithItsLatency() throws Exception {
        try (RunningPipeline pipeline = startWithShop()) {
            pizza.setThrottleDelay(Duration.ofMillis(300)); // the real factory's 32 s, shortened
            pizza.startChaos("throttle");
            dinerOrders();

            MimeMessage firing = awaitEmail(pipeline, "[FIRING]");
            assertThat(firing.getSubject()).isEqualTo("[FIRING] jwt-pizza-service: 5 errors in 1m - "
                    + "factory-request 200 with chaos link (slow)");
            assertThat(part(firing, "text/plain"))
                    .containsPattern("Failure: {4}slow success with a chaos link \\(throttle chaos\\), answered after"
                            + " up to [3-9][0-9]{2} ms\n")
                    .contains("2 x POST /api/order 200 with chaos link (slow)");

            String report = part(awaitEmail(pipeline, "[RESOLVED]"), "text/markdown");
            assertThat(report).contains("| POST /api/order 200 with chaos link (slow) | 6 |")
                    .contains("- **Failed or degraded orders:** 6 (each order counted once: 6 answers to"
                            + " POST /api/order and 6 factory calls, 6 of them paired (6 by order id, 0 by log time))")
                    .contains("- **Failure kind:** slow success with a chaos link (throttle chaos): 12 lines")
                    .containsPattern("- \\*\\*Latency:\\*\\* up to [3-9][0-9]{2} ms")
                    .contains("- **Upstream message:** none in the lines: slow success with a chaos link")
                    .doesNotContain("at least 0");
        }
    }

    @Test
    void badjwtChaosIsASuccessWithABadToken() throws Exception {
        try (RunningPipeline pipeline = startWithShop()) {
            pizza.startChaos("badjwt");
            dinerOrders();

            MimeMessage firing = awaitEmail(pipeline, "[FIRING]");
            assertThat(firing.getSubject()).isEqualTo("[FIRING] jwt-pizza-service: 5 errors in 1m - "
                    + "factory-request 200 with chaos link (bad pizza token)");
            assertThat(part(firing, "text/plain"))
                    .contains("Failure:    success with a pizza token the factory rejects (badjwt chaos)\n");

            String report = part(awaitEmail(pipeline, "[RESOLVED]"), "text/markdown");
            assertThat(report).contains("| POST /api/order 200 with chaos link (bad pizza token) | 6 |")
                    .contains("- **Failed or degraded orders:** 6 (each order counted once: 6 answers to"
                            + " POST /api/order and 6 factory calls, 6 of them paired (6 by order id, 0 by log time))")
                    .contains("- **Failure kind:** success with a pizza token the factory rejects (badjwt chaos):"
                            + " 12 lines")
                    .contains("- **Upstream message:** none in the lines: success with a pizza token the factory"
                            + " rejects");
        }
    }

    private RunningPipeline startWithShop() throws Exception {
        return RunningPipeline.start(loki -> {
            pizza = SandboxPizza.start(loki);
            return Map.of("remediation.enabled", "false");
        });
    }

    private void dinerOrders() throws Exception {
        SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
        for (int i = 0; i < ORDERS; i++) {
            diner.order();
        }
    }

    /** A MIME part's text with its CRLF line ends made plain. */
    private static String part(MimeMessage message, String type) {
        return SandboxMail.part(message, type).replace("\r\n", "\n");
    }

    private static MimeMessage awaitEmail(RunningPipeline pipeline, String subjectPrefix) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.subjects().stream()
                .anyMatch(s -> s.startsWith(subjectPrefix)));
        return pipeline.emails().stream().filter(m -> SandboxMail.subject(m).startsWith(subjectPrefix)).findFirst()
                .orElseThrow();
    }
}
