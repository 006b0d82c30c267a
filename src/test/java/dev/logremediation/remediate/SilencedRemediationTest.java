package dev.logremediation.remediate;

import dev.logremediation.cli.Demo;
import dev.logremediation.cli.SilenceCli;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Remediation under a silence: it runs, its outcome held with the FIRING, unless the silence says --no-remediation. */
class SilencedRemediationTest {

    private SandboxPizza pizza;

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    private RunningPipeline startWithShop() throws Exception {
        return RunningPipeline.start(loki -> {
            pizza = SandboxPizza.start(loki);
            Map<String, String> settings = new HashMap<>(Demo.shopOverrides(pizza));
            settings.put("verification.delay", "100");
            // the incident still fires when the silence is expired
            settings.put("incident.quiet-period", "60s");
            return settings;
        });
    }

    private void chaosWhileADinerOrders() throws Exception {
        pizza.startChaos("fail");
        SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
        for (int i = 0; i < 6; i++) {
            diner.order();
        }
    }

    private static List<String> silencedEntries(RunningPipeline pipeline) {
        return pipeline.ledger().report("silences", null, null, ZoneOffset.UTC).incidents().stream()
                .map(IncidentRecord::actions).flatMap(List::stream).filter(entry -> entry.event().equals("silenced"))
                .map(entry -> entry.detail()).toList();
    }

    @Test
    void remediationRunsUnderASilenceAndItsOutcomeIsHeldWithTheFiring() throws Exception {
        try (RunningPipeline pipeline = startWithShop()) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", "jwt-pizza-service", "--for", "1h", "--reason", "chaos drill");
            chaosWhileADinerOrders();

            await().atMost(Duration.ofSeconds(30)).until(() -> pizza.supportRequests().size() == 1);
            assertThat(pizza.chaosActive()).isFalse();
            assertThat(silencedEntries(pipeline)).singleElement().asString().contains("FIRING silenced by " + id);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pipeline.emails().isEmpty());

            assertThat(cli.run("expire", id).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[REMEDIATED")));
            assertThat(pipeline.subjects().get(0)).startsWith("[FIRING] jwt-pizza-service");
            assertThat(pipeline.subjects()).filteredOn(s -> s.startsWith("[FIRING]")).hasSize(1);
        }
    }

    @Test
    void aSilenceWithNoRemediationFollowsNoLinkAndItsFiringPromisesNone() throws Exception {
        try (RunningPipeline pipeline = startWithShop()) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", "jwt-pizza-service", "--for", "1h", "--reason", "investigating by hand",
                    "--no-remediation");
            chaosWhileADinerOrders();

            await().atMost(Duration.ofSeconds(30)).until(() -> !silencedEntries(pipeline).isEmpty());
            assertThat(silencedEntries(pipeline)).singleElement().asString().endsWith("; no remediation");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> pizza.supportRequests().isEmpty() && pipeline.emails().isEmpty());
            assertThat(pizza.chaosActive()).isTrue();

            // the FIRING then goes out as written under the silence: on-call follows the link, not the product
            assertThat(cli.run("expire", id).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !pipeline.emails().isEmpty());
            assertThat(SandboxMail.part(pipeline.emails().get(0), "text/plain"))
                    .contains("Resolution links (opening one ends the chaos):")
                    .doesNotContain("log-remediation is following this link now");
            assertThat(pizza.supportRequests()).isEmpty();
        }
    }
}
