package dev.logremediation.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch's channels beside email: a webhook receiver gets Alertmanager's webhook payload and a Slack receiver an
 * incoming-webhook message, for FIRING and RESOLVED, over real HTTP; a receiver that is down gets every message once
 * when it is back, across a restart of the product.
 */
class ChannelsFlowTest {

    private static final String HOOK_PATH = "/alerts/hook";
    private static final String SLACK_PATH = "/services/T0001/B0002/slackTok3n";
    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    @Test
    void webhookAndSlackReceiversGetEachEventFieldByField() throws Exception {
        try (ChannelReceiver receiver = ChannelReceiver.start();
             RunningPipeline pipeline = RunningPipeline.start(channels(receiver, "email,tickets,team-chat"))) {
            long first = pushIncident(pipeline);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted(HOOK_PATH).size() >= 2
                    && receiver.accepted(SLACK_PATH).size() >= 2 && pipeline.subjects().size() >= 2);
            String firingSubject = pipeline.subjects().get(0);
            String resolvedSubject = pipeline.subjects().get(1);
            assertThat(firingSubject).startsWith("[FIRING] jwt-pizza-service");
            assertThat(resolvedSubject).startsWith("[RESOLVED] jwt-pizza-service");

            assertThat(receiver.requests()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.contentType()).startsWith("application/json");
            });
            assertThat(receiver.requests()).filteredOn(r -> r.path().equals(HOOK_PATH))
                    .allSatisfy(r -> assertThat(r.query()).isEqualTo("token=hookTok3n"));

            List<JsonNode> hook = receiver.accepted(HOOK_PATH);
            JsonNode firing = hook.get(0);
            String incident = firing.at("/groupLabels/incident").asText();
            assertThat(incident).startsWith("jwt-pizza-service/jwt-pizza-service/");
            assertThat(firing.get("version").asText()).isEqualTo("4");
            assertThat(firing.get("groupKey").asText()).isEqualTo("{}:{incident=\"" + incident + "\"}");
            assertThat(firing.get("status").asText()).isEqualTo("firing");
            assertThat(firing.get("receiver").asText()).isEqualTo("tickets");
            assertThat(firing.get("truncatedAlerts").asInt()).isZero();
            assertThat(firing.get("externalURL").asText()).isEmpty();
            Map<String, String> labels = Map.of("alertname", "LogErrors", "watch", "jwt-pizza-service",
                    "key", "jwt-pizza-service", "incident", incident);
            assertThat(strings(firing.get("commonLabels"))).isEqualTo(labels);
            Map<String, String> firingAnnotations = Map.of("summary", firingSubject, "event", "FIRING",
                    "errors", "5", "resolutionLinks", LINK);
            assertThat(strings(firing.get("commonAnnotations"))).isEqualTo(firingAnnotations);
            assertThat(firing.get("alerts")).hasSize(1);
            JsonNode firingAlert = firing.get("alerts").get(0);
            assertThat(firingAlert.get("status").asText()).isEqualTo("firing");
            assertThat(strings(firingAlert.get("labels"))).isEqualTo(labels);
            assertThat(strings(firingAlert.get("annotations"))).isEqualTo(firingAnnotations);
            assertThat(Instant.parse(firingAlert.get("startsAt").asText())).isEqualTo(Instant.ofEpochSecond(0, first));
            assertThat(firingAlert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(firingAlert.get("generatorURL").asText()).isEmpty();
            assertThat(firingAlert.get("fingerprint").asText()).matches("[0-9a-f]{16}");

            JsonNode resolved = hook.get(1);
            assertThat(resolved.get("status").asText()).isEqualTo("resolved");
            assertThat(resolved.at("/groupLabels/incident").asText()).isEqualTo(incident);
            assertThat(strings(resolved.get("commonLabels"))).isEqualTo(labels);
            assertThat(strings(resolved.get("commonAnnotations"))).isEqualTo(Map.of("summary", resolvedSubject,
                    "event", "RESOLVED", "errors", "5"));
            JsonNode resolvedAlert = resolved.get("alerts").get(0);
            assertThat(resolvedAlert.get("status").asText()).isEqualTo("resolved");
            assertThat(resolvedAlert.get("startsAt").asText()).isEqualTo(firingAlert.get("startsAt").asText());
            assertThat(Instant.parse(resolvedAlert.get("endsAt").asText())).isAfter(Instant.ofEpochSecond(0, first));
            assertThat(resolvedAlert.get("fingerprint").asText()).isEqualTo(firingAlert.get("fingerprint").asText());

            List<JsonNode> slack = receiver.accepted(SLACK_PATH);
            JsonNode slackFiring = slack.get(0);
            assertThat(slackFiring.get("text").asText()).isEqualTo(slackText(firingSubject) + "\n" + incident
                    + "\n" + LINK);
            assertThat(slackFiring.get("blocks")).hasSize(3);
            assertThat(slackFiring.at("/blocks/0/type").asText()).isEqualTo("section");
            assertThat(slackFiring.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
            assertThat(slackFiring.at("/blocks/0/text/text").asText()).isEqualTo("*" + slackText(firingSubject) + "*");
            assertThat(slackFiring.at("/blocks/1/type").asText()).isEqualTo("context");
            assertThat(slackFiring.at("/blocks/1/elements/0/text").asText())
                    .isEqualTo("`" + incident + "` · `jwt-pizza-service` · firing");
            assertThat(slackFiring.at("/blocks/2/type").asText()).isEqualTo("actions");
            assertThat(slackFiring.at("/blocks/2/elements")).hasSize(1);
            assertThat(slackFiring.at("/blocks/2/elements/0/type").asText()).isEqualTo("button");
            assertThat(slackFiring.at("/blocks/2/elements/0/text/text").asText()).isEqualTo(java.net.URI.create(LINK).getHost());
            assertThat(slackFiring.at("/blocks/2/elements/0/url").asText()).isEqualTo(LINK);
            JsonNode slackResolved = slack.get(1);
            assertThat(slackResolved.get("text").asText()).isEqualTo(slackText(resolvedSubject) + "\n" + incident);
            assertThat(slackResolved.get("blocks")).hasSize(2);
            assertThat(slackResolved.at("/blocks/0/text/text").asText()).isEqualTo("*" + slackText(resolvedSubject) + "*");
            assertThat(slackResolved.at("/blocks/1/elements/0/text").asText()).endsWith("· resolved");
        }
    }

    @Test
    void aReceiverThatIsDownGetsEveryMessageOnceWhenItIsBackAcrossARestart() throws Exception {
        try (ChannelReceiver receiver = ChannelReceiver.start();
             CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(channels(receiver, "tickets,team-chat"))) {
            receiver.down(true);
            pushIncident(pipeline);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("WARN").stream()
                    .filter(line -> line.startsWith("Message to channel tickets about incident")
                            && line.contains("not delivered (HTTP 503)")).count() >= 2);
            assertThat(receiver.accepted(HOOK_PATH)).isEmpty();

            // what waits in the outbox survives the product's restart
            pipeline.restart();
            receiver.down(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted(HOOK_PATH).size() >= 2
                    && receiver.accepted(SLACK_PATH).size() >= 2);
            int queries = pipeline.loki.queryCount();
            // several more outbox checks (every 100 ms) and polls: nothing is sent again
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() > queries + 5);

            assertThat(receiver.requests()).filteredOn(r -> !r.accepted()).isNotEmpty();
            assertThat(receiver.accepted(HOOK_PATH)).extracting(body -> body.at("/commonAnnotations/event").asText())
                    .containsExactly("FIRING", "RESOLVED");
            assertThat(receiver.accepted(SLACK_PATH)).extracting(body -> body.at("/blocks/1/elements/0/text").asText())
                    .satisfiesExactly(text -> assertThat(text).endsWith("firing"),
                            text -> assertThat(text).endsWith("resolved"));
            assertThat(pipeline.emails()).as("email is not among this watch's channels").isEmpty();
            assertThat(log.all()).as("the product's log, failures included: the channels' URLs stay secret")
                    .isNotEmpty().noneMatch(line -> line.contains("hookTok3n") || line.contains("slackTok3n"));
        }
    }

    private static Map<String, String> channels(ChannelReceiver receiver, String channels) {
        Map<String, String> settings = new HashMap<>();
        settings.put("notify.channels", channels);
        settings.put("channel.tickets.type", "webhook");
        settings.put("channel.tickets.url", receiver.url(HOOK_PATH + "?token=hookTok3n"));
        settings.put("channel.team-chat.type", "slack");
        settings.put("channel.team-chat.url", receiver.url(SLACK_PATH));
        settings.put("mail.retry-first", "300ms");
        settings.put("mail.retry-max", "1s");
        settings.put("mail.retry-check-interval", "100");
        return settings;
    }

    /** Five errors with a chaos link two seconds ago: one incident; returns the first error's log time. */
    private static long pushIncident(RunningPipeline pipeline) {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(4);
        long ts = RunningPipeline.nowNanos() - 2_000_000_000L;
        for (int i = 0; i < 5; i++) {
            pipeline.loki.push(traffic.chaosErrorLine(ts + i, LINK, ChaosShape.HTTP_RESPONSE));
        }
        return ts;
    }

    private static String slackText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new HashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
