package dev.logremediation.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.LogClassifier;
import dev.logremediation.incident.Incident;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;
import dev.logremediation.incident.LinkVault;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.remediate.FollowBudget;
import dev.logremediation.remediate.LinkPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FIRING email tells on-call what remediation is about to do with the chaos link, before it does it. */
class IncidentEmailRemediationTest {

    private static final String HOST = "pizza-factory.cs329.click";
    private static final String LINK = "https://" + HOST + "/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab";
    private static final Watch WATCH = new Watch("jwt-pizza-service", "{component=\"jwt-pizza-service\"}", 2,
            Duration.ofMinutes(1), Duration.ofMinutes(5), List.of("oncall@example.com"), Duration.ZERO);

    private static IncidentEmail email(LinkFollowing following) {
        return new IncidentEmail("", "loki", following, MessageTemplates.shipped());
    }

    private static IncidentEvent firing() {
        LogClassifier classifier = LogClassifier.defaults();
        LinkVault vault = new LinkVault();
        Incident incident = new Incident(WATCH, "jwt-pizza-service", 1);
        for (int i = 1; i <= 2; i++) {
            incident.add(classifier.classify(new LogEntry(i, Map.of("component", "jwt-pizza-service", "level",
                    "warn", "type", "factory-request"), "{\"durationMs\":41.2,\"statusCode\":500,\"requestBody\":"
                    + "{\"order\":{\"id\":" + i + "}},\"responseBody\":{\"message\":\"chaos monkey\",\"reportUrl\":\""
                    + LINK + "\"}}")), vault);
        }
        return IncidentEvent.of(Kind.FIRING, incident, vault);
    }

    @Test
    void withRemediationOffOnCallIsToldThatOpeningTheLinkEndsTheChaos() {
        IncidentEmail email = email(null);

        assertThat(email.render(firing()).text()).contains("Resolution links (opening one ends the chaos):")
                .doesNotContain("following");
        assertThat(email.render(firing()).html()).contains("Opening a link ends the chaos.");
    }

    @Test
    void anAllowedLinkIsBeingFollowedAndASecondEmailWillTellTheOutcome() {
        LinkPolicy policy = new LinkPolicy(List.of(HOST), 1, FollowBudget.inMemory(Clock.systemUTC()));
        IncidentEmail email = email(policy::whyNotFollowed);

        String text = email.render(firing()).text();
        assertThat(text).contains("Resolution links:\n  " + LINK + "\n    log-remediation is following this link now;"
                + " a second email in this thread will report the outcome.").doesNotContain("ends the chaos");
        assertThat(email.render(firing()).html()).contains("log-remediation is following this link now")
                .doesNotContain("Opening a link ends the chaos");
        // asking spent nothing: remediation may still follow the link
        assertThat(policy.spend(policy.decide(LINK)).allowed()).isTrue();
    }

    @Test
    void aLinkToAHostNotAllowListedSaysWhyItIsNotFollowed() {
        IncidentEmail email = email(new LinkPolicy(List.of("other.example"), 6, FollowBudget.inMemory(Clock.systemUTC()))::whyNotFollowed);

        assertThat(email.render(firing()).text()).contains("Not followed automatically: host " + HOST
                + " is not in remediation.allowed-hosts. Opening it ends the chaos.").doesNotContain("following");
    }

    @Test
    void aLinkOverTheHourlyBudgetSaysTheBudgetIsSpent() {
        LinkPolicy policy = new LinkPolicy(List.of(HOST), 1, FollowBudget.inMemory(Clock.systemUTC()));
        policy.spend(policy.decide(LINK.replace("k3x9q2ab", "earlier1")));
        IncidentEmail email = email(policy::whyNotFollowed);

        assertThat(email.render(firing()).html()).contains("Not followed automatically: remediation.max-per-hour (1) reached"
                + " for host " + HOST + ". Opening it ends the chaos.");
    }

    @Test
    void theResolvedEmailComesAfterRemediationAndPromisesNothing() {
        IncidentEvent firing = firing();
        IncidentEvent resolved = new IncidentEvent(Kind.RESOLVED, firing.watch(), firing.incidentId(), firing.key(),
                firing.firstNanos(), firing.lastNanos(), firing.count(), firing.firingNanos(), firing.signatures(),
                firing.linkLines(), List.of(), firing.samples(), firing.perMinute(), firing.firingCount(),
                firing.at(), firing.impact());
        IncidentEmail email = email(new LinkPolicy(List.of(HOST), 6, FollowBudget.inMemory(Clock.systemUTC()))::whyNotFollowed);

        assertThat(email.render(resolved).text()).doesNotContain("following").doesNotContain("Not followed");
    }

    @Test
    void theEmailNamesTheFailureAndTheOrders() {
        String text = email(null).render(firing()).text();

        assertThat(text).contains("Failure:    server error (5xx)\n").contains("Orders:     2 failed or degraded\n");
    }
}
