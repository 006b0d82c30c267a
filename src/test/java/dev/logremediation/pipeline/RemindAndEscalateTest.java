package dev.logremediation.pipeline;

import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.TimelineEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reminders and escalation end to end (routes/oncall-loop.camel.yaml): with short timers, against the sandbox Loki and
 * real SMTP. An incident that fires unacknowledged reminds its recipients and tells the escalation levels, each in the
 * incident's thread and its report; RESOLVED stops them; a restart between them keeps the timers and repeats nothing.
 */
class RemindAndEscalateTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(23);
    /** When the test first saw each email, by subject: GreenMail keeps no arrival time. */
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    private void pushChaosErrors(RunningPipeline pipeline, int count) {
        long start = RunningPipeline.nowNanos() - 3_000_000_000L;
        for (int i = 0; i < count; i++) {
            pipeline.loki.push(traffic.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
    }

    private List<String> subjects(RunningPipeline pipeline) {
        List<String> subjects = pipeline.subjects();
        subjects.forEach(subject -> seen.putIfAbsent(subject, Instant.now()));
        return subjects;
    }

    private static MimeMessage email(RunningPipeline pipeline, String subjectStart) {
        return pipeline.emails().stream().filter(email -> RunningPipeline.subject(email).startsWith(subjectStart))
                .findFirst().orElseThrow();
    }

    private static String messageId(MimeMessage email) {
        try {
            return email.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> to(MimeMessage email) throws Exception {
        return Arrays.stream(email.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    }

    private static List<TimelineEntry> timeline(RunningPipeline pipeline, String event) {
        return pipeline.ledger().report("on-call", null, null, ZoneOffset.UTC).incidents().stream()
                .map(IncidentRecord::actions).flatMap(List::stream).filter(entry -> entry.event().equals(event))
                .toList();
    }

    @Test
    void anUnacknowledgedIncidentRemindsItsRecipientsAndEscalatesInItsThread() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                "oncall.remind-every", "3s", "oncall.escalation", "5s=boss@example.com;20m=team@example.com",
                "oncall.check-interval", "200"))) {
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[FIRING]")));
            Instant firing = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[ESCALATED]")));

            String reminder = subjects(pipeline).stream().filter(subject -> subject.startsWith("[REMINDER 1]"))
                    .findFirst().orElseThrow();
            assertThat(reminder).contains("jwt-pizza-service: still firing, not acknowledged for");
            // reminded after remind-every, escalated after the level's delay, not at once
            assertThat(Duration.between(firing, seen.get(reminder))).isGreaterThan(Duration.ofMillis(2_000));
            String escalated = subjects(pipeline).stream().filter(subject -> subject.startsWith("[ESCALATED]"))
                    .findFirst().orElseThrow();
            assertThat(Duration.between(firing, seen.get(escalated))).isGreaterThan(Duration.ofMillis(4_000));

            MimeMessage firingEmail = email(pipeline, "[FIRING]");
            String thread = firingEmail.getMessageID();
            for (String kind : List.of("[REMINDER 1]", "[ESCALATED]")) {
                assertThat(email(pipeline, kind).getHeader("In-Reply-To", null)).as(kind).isEqualTo(thread);
            }
            assertThat(to(firingEmail)).containsExactly("oncall@demo.local");
            assertThat(to(email(pipeline, "[ESCALATED]"))).containsExactly("oncall@demo.local", "boss@example.com");
            // boss never had the FIRING email: the escalation carries the errors and the resolution link
            assertThat(dev.logremediation.sandbox.SandboxMail.part(email(pipeline, "[ESCALATED]"), "text/plain"))
                    .contains("ESCALATED (level 1)", "Now also told: boss@example.com", "Errors:     ",
                            "Resolution links", LINK)
                    .doesNotContain("The FIRING email above");
            assertThat(dev.logremediation.sandbox.SandboxMail.part(email(pipeline, "[ESCALATED]"), "text/html"))
                    .contains(LINK);
            // reminders after the escalation go to everyone told so far
            await().atMost(Duration.ofSeconds(15)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[REMINDER 2]")));
            assertThat(to(email(pipeline, "[REMINDER 2]"))).containsExactly("oncall@demo.local", "boss@example.com");

            assertThat(timeline(pipeline, "escalation")).singleElement().extracting(TimelineEntry::detail).asString()
                    .startsWith("level 1: boss@example.com told");
            assertThat(timeline(pipeline, "reminder")).extracting(TimelineEntry::detail)
                    .contains("reminder 1 sent to oncall@demo.local");
            var metrics = pipeline.context().getRegistry().lookupByNameAndType("pipelineMetrics",
                    dev.logremediation.observe.PipelineMetrics.class).registry();
            assertThat(metrics.find("logremediation.oncall.escalations").tag("watch", "jwt-pizza-service").counter()
                    .count()).isEqualTo(1);
            assertThat(metrics.find("logremediation.oncall.reminders").tag("watch", "jwt-pizza-service").counter()
                    .count()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theEscalatedAreToldOfTheResolution() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "5s",
                "oncall.remind-every", "0", "oncall.escalation", "1s=boss@example.com",
                "oncall.check-interval", "200"))) {
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(25)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[RESOLVED]")));
            // GreenMail keeps a copy per recipient: one email is one Message-ID
            assertThat(pipeline.emails().stream().filter(email -> RunningPipeline.subject(email).startsWith(
                    "[ESCALATED]")).map(RemindAndEscalateTest::messageId).distinct()).hasSize(1);
            assertThat(subjects(pipeline)).noneMatch(subject -> subject.startsWith("[REMINDER"));
            assertThat(to(email(pipeline, "[RESOLVED]"))).containsExactly("oncall@demo.local", "boss@example.com");
        }
    }

    @Test
    void resolvedStopsTheReminders() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "2s",
                "oncall.remind-every", "4s", "oncall.escalation", "5s=boss@example.com",
                "oncall.check-interval", "200"))) {
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(20)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[RESOLVED]")));
            // past the first reminder's and the escalation's time: neither comes
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> subjects(pipeline)
                    .stream().noneMatch(subject -> subject.startsWith("[REMINDER") || subject.startsWith("[ESC")));
        }
    }

    @Test
    void aRestartBetweenRemindersKeepsTheTimersAndRepeatsNothing() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                "oncall.remind-every", "4s", "oncall.check-interval", "200"))) {
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[FIRING]")));
            pipeline.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[REMINDER 2]")));
            pipeline.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> subjects(pipeline).stream()
                    .anyMatch(subject -> subject.startsWith("[REMINDER 3]")));
            List<String> subjects = subjects(pipeline);
            assertThat(subjects).filteredOn(subject -> subject.startsWith("[FIRING]")).hasSize(1);
            assertThat(subjects).filteredOn(subject -> subject.startsWith("[REMINDER 1]")).hasSize(1);
            assertThat(subjects).filteredOn(subject -> subject.startsWith("[REMINDER 2]")).hasSize(1);
        }
    }

    @Test
    void aWatchSetsItsOwnRemindersAndEscalation(@TempDir Path routes) throws Exception {
        // the franchise shop reminds every 2 s and never escalates; the pizza service keeps oncall.*
        String routeFiles = RunningPipeline.routesWith(routes, """

                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-franchise-shop
                    parameters:
                      - name: name
                        value: franchise-shop
                      - name: query
                        value: '{component="franchise-shop"}'
                      - name: remindEvery
                        value: 2s
                      - name: escalation
                        value: none
                """, true);
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                "oncall.remind-every", "30m", "oncall.escalation", "3s=boss@example.com",
                "oncall.check-interval", "200", "camel.main.routes-include-pattern", routeFiles))) {
            JwtPizzaTraffic franchise = new JwtPizzaTraffic(24, "franchise-shop");
            long start = RunningPipeline.nowNanos() - 3_000_000_000L;
            for (int i = 0; i < 6; i++) {
                pipeline.loki.push(traffic.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
                pipeline.loki.push(franchise.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
            }

            // by the franchise shop's second reminder (4 s) its escalation would have come (3 s)
            await().atMost(Duration.ofSeconds(20)).until(() -> bothSeen(pipeline));
            List<String> subjects = pipeline.subjects();
            assertThat(subjects).noneMatch(subject -> subject.startsWith("[ESCALATED] franchise-shop"))
                    .noneMatch(subject -> subject.startsWith("[REMINDER") && subject.contains("jwt-pizza-service"));
        }
    }

    private static boolean bothSeen(RunningPipeline pipeline) {
        List<String> subjects = pipeline.subjects();
        return subjects.stream().anyMatch(subject -> subject.startsWith("[ESCALATED] jwt-pizza-service"))
                && subjects.stream().anyMatch(subject -> subject.startsWith("[REMINDER 2] franchise-shop"));
    }
}
