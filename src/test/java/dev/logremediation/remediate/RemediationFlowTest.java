package dev.logremediation.remediate;

import dev.logremediation.cli.Demo;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Chaos in the sandbox shop, its logs in the sandbox Loki, the real routes following the link and buying a pizza. */
class RemediationFlowTest {

    private SandboxPizza pizza;

    @BeforeEach
    void noShopYet() {
        pizza = null;
    }

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    private Map<String, String> settings(boolean remediation) {
        // the demo's shop settings, remediation on or off, shorter delays
        Map<String, String> settings = new HashMap<>(Demo.shopOverrides(pizza));
        settings.put("remediation.enabled", Boolean.toString(remediation));
        settings.put("verification.delay", "100");
        settings.put("incident.quiet-period", "5s");
        return settings;
    }

    /** A diner orders {@code count} pizzas through the shop, as real traffic would. */
    private void dinerOrders(int count) throws Exception {
        SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
        for (int i = 0; i < count; i++) {
            diner.order();
        }
    }

    /** The on-call page of the incident the FIRING email opened. */
    private static dev.logremediation.oncall.Page page(RunningPipeline pipeline, MimeMessage firing) throws Exception {
        return pipeline.context().getRegistry().lookupByNameAndType("onCallLoop",
                dev.logremediation.oncall.OnCallLoop.class).pageOfThread(dev.logremediation.notify.IncidentEmail
                .threadDigestsIn(firing.getMessageID()).get(0)).orElseThrow();
    }

    @Test
    void failChaosIsFollowedOnceVerifiedByAPurchaseAndReportedInTheThread() throws Exception {
        try (RunningPipeline pipeline = startWithShop(true)) {
            String link = pizza.startChaos("fail");
            dinerOrders(6);

            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[REMEDIATED - verified]")));
            List<MimeMessage> emails = pipeline.emails();
            MimeMessage firing = emails.get(0);
            assertThat(firing.getSubject()).startsWith("[FIRING] jwt-pizza-service");
            // the link is allow-listed and within budget: on-call is told the product follows it, not to open it
            assertThat(SandboxMail.part(firing, "text/plain"))
                    .contains("log-remediation is following this link now; a second email in this thread will report"
                            + " the outcome.")
                    .doesNotContain("opening one ends the chaos");
            MimeMessage remediated = emails.stream().filter(m -> SandboxMail.subject(m).startsWith("[REMEDIATED"))
                    .findFirst().orElseThrow();
            assertThat(remediated.getHeader("In-Reply-To")).containsExactly(firing.getMessageID());
            String text = SandboxMail.part(remediated, "text/plain");
            assertThat(text).contains("RESOLVED - ").contains("Verification purchase: PASSED")
                    .contains("POST /api/order -> 200").doesNotContain(pizza.apiKey());
            assertThat(pizza.chaosActive()).isFalse();
            assertThat(pizza.supportRequests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.header("Cookie")).isNull();
                assertThat(request.header("Authorization")).isNull();
            });
            assertThat(link).contains(pizza.apiKey());
            // a verified remediation ends the on-call loop: no reminder or escalation follows
            assertThat(page(pipeline, firing).endedBecause()).isEqualTo("remediated and verified");
            String audit = Files.readString(pipeline.stateDir.resolve("audit.jsonl"));
            assertThat(audit).contains("\"outcome\":\"RESOLVED\"").doesNotContain(pizza.apiKey());

            // the incident then resolves in the same thread, and its report tells the remediation
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESOLVED]")));
            assertThat(SandboxMail.part(emails(pipeline, "[RESOLVED]"), "text/markdown")).contains("remediat");
            assertThat(pizza.supportRequests()).hasSize(1);
        }
    }

    @Test
    void aStaleLinkIsReportedAsUnresolvedAndTheIncidentStaysOpen() throws Exception {
        try (RunningPipeline pipeline = startWithShop(true)) {
            String stale = pizza.startChaos("fail");
            pizza.startChaos("fail"); // re-scheduling makes the first link stale
            JwtPizzaTraffic traffic = new JwtPizzaTraffic(9);
            long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
            for (int i = 0; i < 5; i++) {
                pipeline.loki.push(traffic.chaosErrorLine(ts + i, stale, ChaosShape.HTTP_RESPONSE));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[REMEDIATION FAILED - action needed]")));
            MimeMessage failed = emails(pipeline, "[REMEDIATION FAILED");
            assertThat(SandboxMail.part(failed, "text/plain")).contains("STALE_LINK").contains("Problem unresolved")
                    .contains(stale);
            assertThat(pizza.chaosActive()).isTrue();
            assertThat(pipeline.subjects()).noneMatch(s -> s.startsWith("[RESOLVED]"));
            // not remediated: on-call keeps being reminded
            assertThat(page(pipeline, emails(pipeline, "[FIRING]")).ended()).isFalse();
        }
    }

    @Test
    void withRemediationOffTheFactoryNeverHearsFromUsAndARestartNeverFollowsALinkTwice() throws Exception {
        try (RunningPipeline pipeline = startWithShop(false)) {
            pizza.startChaos("fail");
            dinerOrders(6);
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[FIRING]")));
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESOLVED]")));
            assertThat(pizza.supportRequests()).isEmpty();
        }
    }

    @Test
    void aLinkFollowedBeforeARestartIsNotFollowedAgain() throws Exception {
        try (RunningPipeline pipeline = startWithShop(true)) {
            String link = pizza.startChaos("fail");
            dinerOrders(6);
            await().atMost(Duration.ofSeconds(30)).until(() -> pizza.supportRequests().size() == 1);

            pipeline.restart();
            // the same link shows up again in new errors after the restart
            JwtPizzaTraffic traffic = new JwtPizzaTraffic(10);
            long ts = RunningPipeline.nowNanos() - 1_000_000_000L;
            for (int i = 0; i < 6; i++) {
                pipeline.loki.push(traffic.chaosErrorLine(ts + i, link, ChaosShape.FACTORY_REQUEST));
            }
            int before = pipeline.emails().size();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() > before);
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.loki.queryCount() > queries + 5);
            assertThat(pizza.supportRequests()).hasSize(1);
        }
    }

    @Test
    void aScheduledPurchaseThatFailsOpensAnIncidentAndItResolvesWhenTheShopWorksAgain() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(loki -> {
            pizza = SandboxPizza.start(loki);
            Map<String, String> settings = settings(false);
            settings.put("verification.schedule-enabled", "true");
            settings.put("verification.schedule", "300");
            settings.put("verification.failure-window", "1m");
            settings.put("verification.failure-quiet-period", "3s");
            return settings;
        })) {
            pizza.setServiceDown(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[FIRING] synthetic-purchase: 2 errors")));
            assertThat(SandboxMail.part(emails(pipeline, "[FIRING] synthetic-purchase"), "text/plain"))
                    .contains("verification purchase SHOP_DOWN");

            pizza.setServiceDown(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[RESOLVED] synthetic-purchase")));
        }
    }

    /** The product, with a pizza shop that logs into the product's sandbox Loki. */
    private RunningPipeline startWithShop(boolean remediation) throws Exception {
        return RunningPipeline.start(loki -> {
            pizza = SandboxPizza.start(loki);
            return settings(remediation);
        });
    }

    private static MimeMessage emails(RunningPipeline pipeline, String subjectPrefix) {
        return pipeline.emails().stream().filter(m -> SandboxMail.subject(m).startsWith(subjectPrefix)).findFirst()
                .orElseThrow();
    }
}
